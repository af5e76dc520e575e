"""Answers of numeric questions in production-code.yaml (the packaging key moved to
production_code_3.py with its question), computed from first principles."""
from itertools import product


def matrix_jobs():
    """GitHub Actions matrix expansion: cross product, exclude (partial match), then include."""
    base = {"os": ["ubuntu-latest", "windows-latest", "macos-latest"],
            "python": ["3.10", "3.11", "3.12"]}
    exclude = [{"os": "macos-latest", "python": "3.10"}, {"os": "windows-latest"}]
    include = [{"os": "ubuntu-latest", "python": "3.13"},
               {"python": "3.12", "experimental": True}]
    combos = [dict(zip(base, vals, strict=False)) for vals in product(*base.values())]
    combos = [c for c in combos
              if not any(all(c.get(k) == v for k, v in e.items()) for e in exclude)]
    originals = [dict(c) for c in combos]
    for inc in include:
        merged = False
        for c, orig in zip(combos, originals, strict=False):
            if all(orig.get(k, v) == v for k, v in inc.items() if k in orig):
                c.update(inc)
                merged = True
        if not merged:
            combos.append(dict(inc))
            originals.append({k: v for k, v in inc.items() if k in base})
    return len(combos)


def emitted_log_lines():
    """Effective level of the logger that is called decides; ancestors' levels are not rechecked."""
    DEBUG, INFO, WARNING, ERROR = 10, 20, 30, 40
    calls = [(WARNING, INFO),   # child unset -> inherits train's WARNING; info
             (INFO, INFO),      # child set to INFO; info
             (WARNING, INFO),   # parent info
             (WARNING, ERROR),  # parent error
             (INFO, DEBUG),     # child debug
             (DEBUG, DEBUG)]    # root debug
    return sum(level >= eff for eff, level in calls)   # root handler has no level


KEYS = {
    "ci-cd-matrix-include-exclude-count": matrix_jobs(),
    "logging-errors-hierarchy-emitted-count": emitted_log_lines(),
}

if __name__ == "__main__":
    for k, v in KEYS.items():
        print(k, v)
