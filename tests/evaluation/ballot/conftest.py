def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs a whole Belenios round (about a second)")
