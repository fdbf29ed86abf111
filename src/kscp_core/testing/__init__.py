"""The testing kit: strategies, scenarios and assertions for any test suite.

- :mod:`kscp_core.testing.strategies`: Hypothesis strategies for every record
  (needs the ``testing`` extra), also registered for ``st.from_type``;
- :mod:`kscp_core.testing.scenarios`: YAML scenarios, run by the pytest plugin
  (``*.scenario.yaml``) and by ``kscp test DIR``;
- :func:`assert_findings`: assertions whose failures a policy officer can read.

>>> from kscp_core.testing import strategies
>>> hasattr(strategies, "partnerships")
True
"""

from kscp_core.testing.assertions import assert_findings

__all__ = ["assert_findings"]
