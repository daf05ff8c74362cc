"""Settings are read from the environment; see base.py for every variable.

``dev`` is the default for the ``fazhi`` command, ``production`` for WSGI,
``test`` for pytest.
"""
