"""Keys of the Git questions added for issue 10, computed by running git in scratch repos.

``KEYS`` holds numeric answers (tests/quizzes/test_bank_numeric_keys.py). ``OUTPUTS``
holds predict-the-output items whose key is a text answer, an option or true/false
(tests/quizzes/test_bank_predicted_outputs.py): each entry replays the question's git
commands in a fresh temporary repository and returns what the item's key claims, as
``(run, expected, key)``. ``TRUEFALSE`` names the answer a true/false output supports.
"""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
from pathlib import Path

ENV = {**os.environ, "LC_ALL": "C", "LANG": "C", "GIT_CONFIG_NOSYSTEM": "1",
       "HOME": tempfile.gettempdir(), "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com",
       "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.com",
       "GIT_CONFIG_GLOBAL": os.devnull}

PRELUDE = ("set -e; git init -q -b main repo >/dev/null; cd repo; "
           "git config advice.detachedHead false; ")


def sh(script: str, *, prelude: bool = True) -> str:
    """Run a bash script in a fresh scratch directory (inside a new repo `repo`); stdout."""
    with tempfile.TemporaryDirectory() as tmp:
        # the scripts are the bank's own fixed git commands, run in a scratch directory
        done = subprocess.run(["bash", "-c", (PRELUDE if prelude else "set -e; ") + script],  # noqa: S603, S607
                              cwd=Path(tmp), env=ENV, capture_output=True, text=True,
                              timeout=60, check=False)
        return done.stdout


def count(script: str, **kw) -> int:
    return int(sh(script, **kw).split()[-1])


def _porcelain_count():
    return count(
        "for f in a b c d; do echo $f > $f.py; done; echo '*.log' > .gitignore; "
        "git add .; git commit -qm init; "
        "echo tmp >> a.py && git checkout -- a.py; git mv b.py src_b.py; rm c.py; "
        "mkdir scratch && touch scratch/x.txt scratch/y.txt; echo loss=0.3 > train.log; "
        "echo 'n = 1' > new.py && git add new.py; git status --porcelain | wc -l")


def _merged_count():
    return count(
        "echo 0 > f; git add f; git commit -qm c0; git branch c; "
        "echo 1 >> f; git commit -qam c1; "
        "git switch -qc a; echo a > a; git add a; git commit -qm a; "
        "git switch -q main; git merge -q --no-ff --no-edit a; "
        "git switch -qc b; echo b > b; git add b; git commit -qm b; git switch -q main; "
        "git branch d HEAD~1; git branch --merged main | wc -l")


def _ahead_after_pull_rebase():
    return count(
        "git init -q --bare -b main srv; git clone -q srv me 2>/dev/null; cd me; "
        "echo 0 > f; git add f; git commit -qm c0; git push -q origin main; cd ..; "
        "git clone -q srv mate; cd mate; "
        "for i in 1 2 3; do echo $i > r$i; git add r$i; git commit -qm r$i; done; "
        "git push -q; cd ../me; "
        "for i in 1 2; do echo $i > l$i; git add l$i; git commit -qm l$i; done; "
        "git pull -q --rebase; git rev-list --count origin/main..main", prelude=False)


def _revert_range_count():
    return count(
        "for i in 1 2 3 4 5; do echo $i >> f; git add f; git commit -qm c$i; done; "
        "before=$(git rev-list --count HEAD); git revert --no-edit HEAD~3..HEAD >/dev/null; "
        "echo $(( $(git rev-list --count HEAD) - before ))")


def _squash_merge_count():
    return count(
        "echo 0 > f; git add f; git commit -qm c0; git switch -qc feature; "
        "for i in 1 2 3 4 5; do echo $i >> f; git commit -qam f$i; done; "
        "git switch -q main; before=$(git rev-list --count HEAD); "
        "git merge -q --squash feature >/dev/null; git commit -qm 'Feature (#1)'; "
        "echo $(( $(git rev-list --count HEAD) - before ))")


def _merge_commit_pull_count():
    # the server's main gains 2 commits, then the PR (3 commits) lands with a merge
    # commit; `me` was up to date just before the merge and pulls afterwards
    return count(
        "git init -q --bare -b main srv; git clone -q srv gh 2>/dev/null; cd gh; "
        "echo 0 > f; git add f; git commit -qm c0; git push -q origin main; "
        "git switch -qc feature; for i in 1 2 3; do echo $i > p$i; git add p$i; "
        "git commit -qm p$i; done; git switch -q main; "
        "for i in 1 2; do echo $i > m$i; git add m$i; git commit -qm m$i; done; "
        "git push -q origin main; cd ..; git clone -q srv me; cd gh; "
        "git merge -q --no-ff --no-edit feature; git push -q origin main; cd ../me; "
        "git pull -q; git rev-list --count ORIG_HEAD..main", prelude=False)


def _bisect_steps_run(first_bad: int, n: int = 1000) -> int:
    """Commits `git bisect run` tests on a straight line of n commits after v1.0, when the
    commit numbered first_bad (1..n) is the first bad one."""
    stream = "reset refs/heads/main\n" + "".join(
        f"commit refs/heads/main\nmark :{i + 1}\ncommitter a <a@example.com> {1_000_000 + i} +0000\n"
        f"data 2\nc\nM 644 inline v\ndata <<E\n{i}\nE\n" for i in range(n + 1))
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "stream").write_text(stream)
        Path(tmp, "t.sh").write_text(f"#!/bin/sh\necho x >> ../steps\n[ $(cat v) -lt {first_bad} ]\n")
        return int(sh(f"git fast-import --quiet < {tmp}/stream; git reset -q --hard main; "
                      f"git tag v1.0 main~{n}; git bisect start HEAD v1.0 >/dev/null; "
                      f"git bisect run sh {tmp}/t.sh >/dev/null; wc -l < ../steps"))


def _bisect_worst_case_steps():
    # ceil(log2(1000)) = 10 halvings of the suspects in the worst case; one real run of
    # git bisect (checked by hand at first_bad = 1, 2, 250, 500, 777, 999, 1000: 10 each)
    analytic = math.ceil(math.log2(1000))
    observed = _bisect_steps_run(777)
    assert observed <= analytic
    return analytic


def _pickaxe_count():
    return count(
        "echo 'lr = 0.1' > config.py; git add config.py; git commit -qm c1; "
        "echo 'epochs = 10' >> config.py; git commit -qam c2; "
        "sed -i 's/^lr = 0.1$/lr = 0.1  # tuned/' config.py; git commit -qam c3; "
        "sed -i 's/^lr = 0.1  # tuned$/lr = 0.01/' config.py; git commit -qam c4; "
        "git log --oneline -S 'lr = 0.1' | wc -l")


KEYS = {
    "commits-staging-porcelain-count": _porcelain_count(),
    "branching-merging-merged-count": _merged_count(),
    "remotes-collaboration-ahead-after-pull-rebase": _ahead_after_pull_rebase(),
    "undo-recovery-revert-range-count": _revert_range_count(),
    "github-collaboration-squash-count": _squash_merge_count(),
    "github-collaboration-merge-commit-count": _merge_commit_pull_count(),
    "history-investigation-bisect-steps": _bisect_worst_case_steps(),
    "history-investigation-pickaxe-predict": _pickaxe_count(),
}


# ---------------------------------------------------------------- predicted outputs

def _status_short():
    return sh("echo 0 > base; git add base; git commit -qm c0; "
              "echo 'x = 1' > eval.py; git add eval.py; echo 'y = 2' >> eval.py; "
              "git status --short")


def _describe_lightweight():
    # the stem gives HEAD's abbreviated hash as 7441a85; put it in place of this run's hash
    out = sh("echo a > f; git add f; git commit -qm A; git tag -a v1.0 -m 1.0; "
             "echo b >> f; git commit -qam B; git tag v1.1; echo c >> f; git commit -qam C; "
             "echo \"$(git describe) $(git rev-parse --short HEAD)\"").split()
    return out[0].replace(out[1], "7441a85") + "\n"


def _commit_with_path():
    out = sh("echo a > a.py; echo b > b.py; git add .; git commit -qm c0; "
             "echo fix >> a.py && git add a.py; echo v2 >> b.py && git add b.py; "
             "echo v3 >> b.py; git commit -qm 'Update b' b.py; "
             "echo \"$(git show HEAD:b.py | tr '\\n' ' ')|$(git diff --cached --name-only)\"")
    return out.strip()


def _gitignore_comment():
    return sh("printf '# experiment outputs\\nruns/\\n*.log # never commit logs\\n.env\\n' "
              "> .gitignore; touch debug.log; git check-ignore debug.log || echo not-ignored")


def _hard_reset_staged_new_file():
    return sh("echo 0 > f.txt; git add f.txt; git commit -qm c0; echo n > new.py; "
              "git add new.py; echo u > notes.md; git reset -q --hard; ls; "
              "git fsck --lost-found 2>/dev/null | cut -d' ' -f1,2")


def _rename_and_edit():
    return sh("seq 1 30 > utils.py; git add .; git commit -qm c0; git switch -qc feature; "
              "sed -i '15s/.*/EDIT/' utils.py; git commit -qam edit; git switch -q main; "
              "git mv utils.py data_utils.py; git commit -qm mv; "
              "git merge -q --no-edit feature && sed -n 15p data_utils.py && ls")


def _adjacent_lines():
    return sh("seq 1 20 > f; git add f; git commit -qm c0; git switch -qc feature; "
              "sed -i '11s/.*/F/' f; git commit -qam f; git switch -q main; "
              "sed -i '10s/.*/M/' f; git commit -qam m; "
              "git merge feature >/dev/null 2>&1 || git diff --name-only --diff-filter=U")


def _squash_then_delete():
    return sh("echo 0 > f; git add f; git commit -qm c0; git switch -qc feature; "
              "echo 1 >> f; git commit -qam f1; git switch -q main; "
              "git merge -q --squash feature >/dev/null; git commit -qm squashed; "
              "git branch -d feature 2>/dev/null && echo deleted || echo refused")


def _follow_rename():
    return sh("seq 1 30 > utils.py; git add .; git commit -qm c1; echo x >> utils.py; "
              "git commit -qam c2; git mv utils.py data_utils.py; git commit -qm c3; "
              "echo y >> data_utils.py; git commit -qam c4; "
              "echo $(git log --format=%s -- data_utils.py) / "
              "$(git log --follow --format=%s -- data_utils.py)")


def _empty_directory():
    # The empty logs/ is committed together with another staged change, so the commit succeeds.
    return sh("echo 0 > f; git add f; git commit -qm c0; mkdir logs; echo 1 >> f; git add logs f; "
              "git commit -qm 'Add logs dir' >/dev/null; cd ..; "
              "git clone -q repo copy; test -d copy/logs && echo present || echo absent")


def _tags_on_push():
    return sh("git init -q --bare -b main srv; git clone -q srv me 2>/dev/null; cd me; "
              "echo 0 > f; git add f; git commit -qm c0; git push -q origin main; "
              "git tag v1.3; echo 1 >> f; git commit -qam c1; git push -q; "
              "git ls-remote --tags origin | wc -l", prelude=False)


def _commit_with_markers():
    return sh("seq 1 5 > f; git add f; git commit -qm c0; git switch -qc x; "
              "sed -i '3s/.*/X/' f; git commit -qam x; git switch -q main; "
              "sed -i '3s/.*/M/' f; git commit -qam m; git merge x >/dev/null 2>&1 || true; "
              "git add f; git commit -q --no-edit && grep -c '^<<<<<<<' f")


OUTPUTS = {
    "commits-staging-status-short-predict": (_status_short, "AM eval.py\n", None),
    "history-investigation-describe-lightweight": (_describe_lightweight, "v1.0-2-g7441a85\n",
                                                   None),
    "commits-staging-commit-with-path": (
        _commit_with_path, "b v2 v3 |a.py",
        "b.py with v2 and v3; a.py's fix stays staged and uncommitted"),
    "commits-staging-gitignore-comment-bug": (
        _gitignore_comment, "not-ignored\n",
        "Line 3, because the trailing comment becomes part of the pattern"),
    "undo-recovery-hard-reset-staged-new-file": (
        _hard_reset_staged_new_file, "f.txt\nnotes.md\ndangling blob\n",
        "new.py is deleted from disk; notes.md stays; new.py's content is still recoverable"),
    "conflicts-rename-and-edit": (
        _rename_and_edit, "EDIT\ndata_utils.py\n",
        "The merge succeeds and data_utils.py contains the edit to line 15"),
    "conflicts-adjacent-lines": (_adjacent_lines, "f\n", None),
    "branching-merging-squash-then-delete": (_squash_then_delete, "refused\n", None),
    "history-investigation-follow-rename": (_follow_rename, "c4 c3 / c4 c3 c2 c1\n", None),
    "commits-staging-empty-directory": (_empty_directory, "absent\n", None),
    "history-investigation-tags-on-push": (_tags_on_push, "0\n", None),
    "conflicts-commit-with-markers": (_commit_with_markers, "1\n", None),
}

TRUEFALSE = {
    "conflicts-adjacent-lines": "true",               # the file is listed as unmerged
    "branching-merging-squash-then-delete": "false",  # git branch -d refuses
    "history-investigation-follow-rename": "false",   # only --follow reaches c1 and c2
    "commits-staging-empty-directory": "true",        # the clone has no logs/
    "history-investigation-tags-on-push": "false",    # the remote has no tags
    "conflicts-commit-with-markers": "false",         # the markers were committed
}
