"""The REST API (django-ninja), OpenAPI at /api/v1/openapi.json. Same permissions as pages."""
