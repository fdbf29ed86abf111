"""The testing kit: Hypothesis strategies for kscp_core's records (needs the ``testing`` extra).

>>> from kscp_core.testing import strategies
>>> hasattr(strategies, "partnerships")
True
"""
