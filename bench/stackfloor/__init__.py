"""The project's request-stack floor: the project's own settings, middleware and database,
with three bench-only views that do no page work (bench/http_bench.py serves it beside the
floor and the project). They show how much of the floor's budget every page spends before
its own queries and template: Django's bare floor → the project's middleware (anonymous) →
a signed-in session and user → the project's page chrome (base.html, navigation)."""
