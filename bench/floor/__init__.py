"""The framework floor: a bare Django view rendering a 20-item template, no database.

Served by bench/http_bench.py under the same gunicorn command as the project, so a page's
req/s can be read as a ratio of what Django itself does on this machine in the same run.
"""
