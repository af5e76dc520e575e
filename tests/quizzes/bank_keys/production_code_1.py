import itertools

KEYS = {
    # stacked parametrize (3 x values, 2 y values) times a fixture with 2 params
    "unit-tests-parametrize-count": len(list(itertools.product([1, 2, 3], ["a", "b"], [True, False]))),
    # a module-scoped fixture is set up once per param value
    "unit-tests-module-param-fixture-setups": len(["sqlite", "postgres"]),
}

if __name__ == "__main__":
    for k, v in KEYS.items():
        print(k, v)
