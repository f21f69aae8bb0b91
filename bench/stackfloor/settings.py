"""zhicheng.settings unchanged, with the bench views' URLs added in front of the project's."""

from zhicheng.settings import *  # noqa: F403

ROOT_URLCONF = "stackfloor.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"],  # noqa: F405
                        PROJECT_DIR / "bench" / "floor" / "templates"]  # noqa: F405
