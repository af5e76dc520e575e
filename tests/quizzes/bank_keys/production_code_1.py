import itertools
from unittest.mock import Mock


def _side_effect_call_count():
    # Replays the question's loop and counts the calls actually made.
    m = Mock(side_effect=[10, ValueError("bad row"), 30])
    for _ in range(5):
        try:
            m()
        except ValueError:
            pass
        except StopIteration:
            break
    return m.call_count


KEYS = {
    # stacked parametrize (3 x values, 2 y values) times a fixture with 2 params
    "unit-tests-parametrize-count": len(list(itertools.product([1, 2, 3], ["a", "b"], [True, False]))),
    # a module-scoped fixture is set up once per param value
    "unit-tests-module-param-fixture-setups": len(["sqlite", "postgres"]),
    # 3 items consumed + 1 call that hits the exhausted iterator (StopIteration)
    "mocking-side-effect-iterable-call-count": _side_effect_call_count(),
}

if __name__ == "__main__":
    for k, v in KEYS.items():
        print(k, v)
