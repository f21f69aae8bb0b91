"""Policy sets by id: the built-in ones (loaded on first use) and any registered later.

Above both policyset (the type) and sets (the built-in data), so neither imports the other
back."""

from .policyset import PolicySet, UnknownPolicy
from .sets import BUILTIN

_REGISTRY: dict[str, PolicySet] = {}


def register(policy_set: PolicySet) -> PolicySet:
    """Add a set; an id is never re-bound to different content."""
    existing = _REGISTRY.get(policy_set.id)
    if existing is not None:
        if existing.hash != policy_set.hash:
            raise ValueError(f"policy set {policy_set.id} is already registered with other content")
        return existing
    _REGISTRY[policy_set.id] = policy_set
    return policy_set


_loaded = False


def _load_builtin() -> None:
    global _loaded
    if not _loaded:
        for policy_set in BUILTIN:
            register(policy_set)
        _loaded = True


def get_policy_set(policy_id: str) -> PolicySet:
    try:
        return _REGISTRY[policy_id]
    except KeyError:
        pass
    _load_builtin()
    try:
        return _REGISTRY[policy_id]
    except KeyError:
        raise UnknownPolicy(policy_id) from None


def policy_ids() -> tuple[str, ...]:
    _load_builtin()
    return tuple(sorted(_REGISTRY))
