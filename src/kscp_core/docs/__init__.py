"""The documentation generator and the Sphinx extension that runs it at every build."""
