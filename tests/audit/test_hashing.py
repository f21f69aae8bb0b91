import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhicheng.audit.hashing import GENESIS_HASH, HASHED_FIELDS, canonical_json, event_hash

texts = st.text(max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
events = st.fixed_dictionaries({
    "seq": st.integers(1, 2**62), "created_at": texts, "actor_id": st.none() | st.integers(),
    "actor_username": texts, "role": texts, "scope": texts, "action": texts,
    "object_type": texts, "object_id": texts,
    "before": st.none() | st.dictionaries(texts, json_values, max_size=4),
    "after": st.none() | st.dictionaries(texts, json_values, max_size=4),
    "request_id": texts, "note": texts, "prev_hash": texts,
})


@given(events)
# Drawing large texts is slow on a loaded machine; the property itself is not timed.
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_hash_is_sha256_of_the_canonical_json_of_all_fields(fields):
    # The hand-spelled fast path must equal the definition, for any text at all.
    expected = hashlib.sha256(canonical_json(fields).encode()).hexdigest()
    assert event_hash(fields) == expected


def test_canonical_json_and_a_known_hash():
    fields = dict.fromkeys(HASHED_FIELDS, "")
    fields.update(seq=1, created_at="2025-01-01T00:00:00.000000Z", actor_id=None,
                  action="审核", before=None, after={"b": 1, "a": "二"}, prev_hash=GENESIS_HASH)
    text = canonical_json(fields)
    assert text == (
        '{"action":"审核","actor_id":null,"actor_username":"","after":{"a":"二","b":1},'
        '"before":null,"created_at":"2025-01-01T00:00:00.000000Z","note":"","object_id":"",'
        '"object_type":"","prev_hash":"' + GENESIS_HASH + '","request_id":"","role":"",'
        '"scope":"","seq":1}'
    )
    assert event_hash(fields) == hashlib.sha256(text.encode()).hexdigest()
