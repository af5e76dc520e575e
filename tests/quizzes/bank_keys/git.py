"""Numeric answers of bankparts/git.yaml, computed from small models of each scenario."""


def _reachable(parents, tip):
    """All commits reachable from tip in a DAG given as {commit: [parents]}."""
    seen, stack = set(), [tip]
    while stack:
        c = stack.pop()
        if c not in seen:
            seen.add(c)
            stack.extend(parents.get(c, []))
    return seen


def _range_count(parents, exclude, include):
    """Number of commits listed by `git log exclude..include`."""
    return len(_reachable(parents, include) - _reachable(parents, exclude))


def _unstaged_files():
    # state per file: (HEAD content, index content, working-tree content); None = absent
    head = {"a.py": "a", "b.py": "b"}
    index = dict(head)
    work = dict(head)
    work["a.py"] += "1"
    work["b.py"] += "1"
    work["c.py"] = "new"
    index.update({k: work[k] for k in work})          # git add .
    index["b.py"] = head["b.py"]                      # git restore --staged b.py
    work["a.py"] += "2"
    work["d.py"] = "new"                              # untracked, never added
    # git diff: tracked (in index) files whose working copy differs from the index
    return sum(1 for f in index if work.get(f) != index[f])


def _fast_forward_new_commits():
    main_tip_is_ancestor_of_feature = True
    return 0 if main_tip_is_ancestor_of_feature else 1


def _cherry_pick_range():
    parents = {"c1": [], "c2": ["c1"], "c3": ["c2"], "c4": ["c3"], "c5": ["c4"]}
    return _range_count(parents, "c2", "c5")


def _rebase_skips_upstream_patches():
    feature_patches = ["f1", "f2", "f3", "f4"]
    main_new_patches = {"m1", "f2", "m3"}             # one is a cherry-pick of f2
    return len([p for p in feature_patches if p not in main_new_patches])


def _diverged_pull_merge():
    parents = {"base": [], "l1": ["base"], "l2": ["l1"], "r1": ["base"],
               "merge": ["l2", "r1"]}                 # git pull --no-rebase on main
    return _range_count(parents, "r1", "merge")       # origin/main = r1, main = merge


def _unmerged_paths():
    # (lines changed by main, lines changed by feature, same new text?, deleted by one side?)
    files = {
        "a.txt": ({2}, {18}, False, False),
        "b.txt": ({3}, {3}, False, False),
        "c.txt": ({21}, set(), False, True),
        "d.txt": ({3}, {3}, True, False),
    }

    def conflicts(ours, theirs, identical, modify_delete):
        if modify_delete:
            return bool(ours)
        overlap = any(abs(x - y) <= 1 for x in ours for y in theirs)
        return overlap and not identical

    return sum(conflicts(*v) for v in files.values())


KEYS = {
    "commits-staging-count-unstaged-files": _unstaged_files(),
    "branching-merging-fast-forward-count": _fast_forward_new_commits(),
    "rebase-history-cherry-pick-range": _cherry_pick_range(),
    "rebase-history-skip-already-upstream": _rebase_skips_upstream_patches(),
    "remotes-collaboration-diverged-pull-count": _diverged_pull_merge(),
    "conflicts-count-unmerged-files": _unmerged_paths(),
}

if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(slug, value)
