"""The spark-submit application file lives alone in this folder (`app.py`): spark-submit puts the
file's folder first on sys.path, where income's own modules (selectors.py) would shadow the
standard library's."""
