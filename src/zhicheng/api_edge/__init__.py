"""The REST API's edge, shared by every app's router: one error shape in Chinese, bounded input
types, bounded pagination, a parser that refuses NUL bytes and oversized bodies. It sits
below the apps (they import it) and above core; zhicheng.api mounts the routers."""
