"""Keys of quizzes/banks/command-line.yaml, computed by running the commands.

``KEYS`` holds the numeric answers (checked by test_bank_numeric_keys.py). ``OUTPUTS``
holds predict-the-output items whose key is a text answer or an option
(checked by test_bank_predicted_outputs.py): each entry runs the question's commands in a
scratch directory and gives what the item's key claims.

Every command runs under ``bash`` with ``LC_ALL=C`` in a fresh temporary directory.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

ENV = {**os.environ, "LC_ALL": "C", "LANG": "C"}
BANK = Path(__file__).resolve().parents[3] / "quizzes" / "banks" / "command-line.yaml"


def option_commands(slug: str) -> list[str]:
    """The command in each option of a select-all item, in file order (its first code span),
    so the checks below run exactly what the learner is shown."""
    from quizzes.formats.yaml_bank import parse_bank

    question = next(q for q in parse_bank(BANK.read_text(encoding="utf-8")).questions
                    if q.slug == slug)
    return [re.search(r"`([^`]+)`", c.text).group(1) for c in question.choices]


def sh(script: str, *, cwd: Path | None = None, check: bool = False) -> str:
    """Run a bash script in ``cwd`` (a fresh scratch directory if None); its stdout."""
    if cwd is None:
        with tempfile.TemporaryDirectory() as tmp:
            return sh(script, cwd=Path(tmp), check=check)
    # the scripts are the bank's own fixed commands, run in a scratch directory
    done = subprocess.run(["bash", "-c", script], cwd=cwd, env=ENV,  # noqa: S603, S607
                          capture_output=True, text=True, timeout=30, check=check)
    return done.stdout


def number(script: str, **kw) -> float:
    return float(sh(script, **kw).split()[-1])


# ------------------------------------------------------------------ numeric keys

def _sort_unique_count():
    return number(r"printf 'cat\ndog\ncat\nbird\ncat\ndog\n' | sort -u | wc -l")


METRICS_CSV = "epoch,split,loss\n1,train,0.9\n1,val,1.2\n2,train,0.6\n2,val,0.8\n3,train,0.4\n3,val,0.7\n"


def _awk_mean_column():
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "metrics.csv").write_text(METRICS_CSV)
        return number("""awk -F, '$2 == "val" { s += $3; n++ } END { print s / n }' metrics.csv""",
                      cwd=Path(tmp))


def _sort_into_same_file():
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "labels.txt").write_text("".join(f"label{i % 7}\n" for i in range(500)))
        return number("sort labels.txt > labels.txt; wc -l < labels.txt", cwd=Path(tmp))


def _find_unquoted_glob():
    return number("mkdir src && touch prep.py src/model.py src/train.py && "
                  "find . -name *.py | wc -l")


def _kill_default_signal():
    # the number of the signal plain `kill` sends (SIGTERM, as `kill` documents)
    return number("sleep 30 & kill $!; wait $!; echo $(( $? - 128 ))")


def _killed_status():
    return number("sleep 100 & kill -9 $!; wait $!; echo $?")


def _octal_mode():
    wanted = "-rwxr-xr-x"
    return float(oct(next(m for m in range(0o1000)
                          if stat.filemode(stat.S_IFREG | m) == wanted))[2:])


def _umask_new_file():
    return number("umask 027; touch results.txt; stat -c %a results.txt")


def _word_splitting():
    return number('f="my run.txt"; touch $f; ls -A | wc -l')


def _unquoted_args_count():
    return number('count() { echo $#; }; set -- "seed 1" fast; count $@')


def _while_read_subshell():
    return number(r"""printf 'a\nb\nc\n' > ids.txt
count=0
cat ids.txt | while read -r id; do
  count=$((count + 1))
done
echo "$count" """)


def _pipefail_sigpipe():
    return number("set -o pipefail; seq 1 1000000 | head -n 1 > /dev/null; echo $?")


def _default_ssh_port():
    return float(socket.getservbyname("ssh", "tcp"))


FREE_M = """\
               total        used        free      shared  buff/cache   available
Mem:           64000       20000        2000         500       42000       43000
Swap:              0           0           0
"""


def _free_available():
    header, mem = FREE_M.splitlines()[:2]
    return float(mem.split()[1:][header.split().index("available")])


def _cron_field(field: str, lo: int, hi: int) -> set[int]:
    values: set[int] = set()
    for part in field.split(","):
        rng, _, step = part.partition("/")
        a, b = (lo, hi) if rng == "*" else (
            tuple(map(int, rng.split("-"))) if "-" in rng else (int(rng), int(rng)))
        values |= set(range(a, b + 1, int(step or 1)))
    return values


def _cron_runs_per_day():
    line = "*/15 9-17 * * * /opt/jobs/sync_metrics.sh"  # the crontab entry of the item
    minute, hour = line.split(maxsplit=2)[:2]
    return float(len(_cron_field(minute, 0, 59)) * len(_cron_field(hour, 0, 23)))


KEYS = {
    "text-files-sort-unique-count": _sort_unique_count(),
    "text-files-awk-mean-column": _awk_mean_column(),
    "text-files-sort-into-same-file": _sort_into_same_file(),
    "text-files-find-unquoted-glob": _find_unquoted_glob(),
    "processes-jobs-kill-default-signal": _kill_default_signal(),
    "processes-jobs-killed-status": _killed_status(),
    "permissions-users-octal-mode": _octal_mode(),
    "permissions-users-umask-new-file": _umask_new_file(),
    "env-scripts-word-splitting": _word_splitting(),
    "env-scripts-unquoted-args-count": _unquoted_args_count(),
    "env-scripts-while-read-subshell": _while_read_subshell(),
    "env-scripts-pipefail-sigpipe": _pipefail_sigpipe(),
    "remote-work-default-port": _default_ssh_port(),
    "machine-resources-free-available": _free_available(),
    "machine-resources-cron-runs-per-day": _cron_runs_per_day(),
}


# ------------------------------------------------------------------ predicted outputs
# slug -> (function returning the real output, the output the item's key states,
#          the text of the keyed option, or None for a text item whose accepted answers
#          must include the output)

RUNS_JSON = '[{"name":"a","loss":0.7},{"name":"b","loss":0.3},{"name":"c","loss":0.2}]'


def _in_dir(files: dict[str, str], script: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / name).write_text(text)
        return sh(script, cwd=Path(tmp))


def _jq_string_output():
    return _in_dir({"runs.json": RUNS_JSON},
                   "jq '.[] | select(.loss < 0.5) | .name' runs.json")


def _jq_shell_variable():
    # only the keyed command prints the matching object; the others print nothing
    commands = [
        """jq -c --arg run "$RUN" '.[] | select(.name == $run)' runs.json""",
        """jq -c '.[] | select(.name == $RUN)' runs.json""",
        """jq -c ".[] | select(.name == $RUN)" runs.json""",
        """jq -c '.[] | select(.name == "$RUN")' runs.json""",
    ]
    return "|".join(_in_dir({"runs.json": RUNS_JSON}, f"RUN=b; {c} 2>/dev/null").strip()
                    for c in commands)


def _jq_mean_jsonl():
    lines = '{"step": 1, "loss": 0.9}\n{"step": 2, "loss": 0.5}\n{"step": 3, "loss": 0.4}\n'
    commands = option_commands("text-files-jq-mean-jsonl")
    # which commands print exactly one line holding the mean
    mean = round((0.9 + 0.5 + 0.4) / 3, 6)
    ok = []
    for i, c in enumerate(commands):
        out = _in_dir({"metrics.jsonl": lines}, c + " 2>/dev/null").split()
        ok.append(str(i) if len(out) == 1 and round(float(out[0]), 6) == mean else "-")
    return "".join(ok)


def _cut_repeated_spaces():
    return sh("echo 'a  b' | cut -d' ' -f2")


def _sort_scientific():
    return sh(r"printf '1e-3\n0.25\n2e-4\n' | sort -n | head -n 1")


def _sed_first_occurrence():
    return sh(r"echo 'data/train/part1.csv' | sed 's/\//_/'")


def _grep_alternation():
    log = "loss 0.3\nacc 0.9\nlr 0.1\nloss|acc literal\n"
    commands = option_commands("text-files-grep-alternation")
    want = "loss 0.3\nacc 0.9\nloss|acc literal\n"
    return "".join(str(i) if _in_dir({"train.log": log}, c) == want else "-"
                   for i, c in enumerate(commands))


def _grep_list_files():
    return _in_dir({"a.yaml": "optimizer: adamw\n", "b.yaml": "optimizer: sgd\n",
                    "c.yaml": "opt: adamw\nlr: 3e-4 # adamw\n"},
                   "grep -l adamw *.yaml").replace("\n", " ").strip()


def _xargs_spaces():
    # the keyed command removes both files, one of which has a space in its name
    return _in_dir({"runs/seed 1.log": "x", "runs/b.log": "y", "runs/keep.txt": "z"},
                   "find runs -name '*.log' -print0 | xargs -0 rm && ls runs")


def _single_quotes():
    return sh("run=42\necho 'saving run $run'")


def _wait_all_status():
    return sh("""for s in 1 2 3 4; do
  (sleep 0.$s; [ "$s" != 3 ]) &
done
wait
echo "exit: $?" """)


def _trap_during_foreground_child():
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "run.sh"
        script.write_text("""trap 'echo "got TERM"; exit 1' TERM
sleep 3
echo "after sleep"
""")
        started = time.monotonic()
        out = sh(f"bash {script} & pid=$!; sleep 0.5; kill -TERM $pid; wait $pid; "
                 "echo \"status $?\"", cwd=Path(tmp))
        waited = time.monotonic() - started
    # the trap ran only once sleep had finished, about 2.5 s after the signal
    return out + ("deferred\n" if waited >= 2.9 else "at once\n")


def _unset_argument():
    return sh('printf \'set -u\\necho "preparing $1"\\n\' > prep.sh; bash prep.sh 2>&1; '
              'echo "status $?"')


def _errexit_in_function():
    return sh("""set -e
check() {
  false
  echo "still running"
}
check || echo "check failed"
echo "end" """)


def _rm_empty_variable():
    # echo instead of rm: which expansion stops the script when CACHE_DIR is unset
    return sh('unset CACHE_DIR; echo rm -rf "${CACHE_DIR:?CACHE_DIR is not set}"/*; '
              'echo "still here"')


def _remote_variable_expansion():
    # the words ssh would receive: the local shell expands $HOSTNAME in double quotes
    return sh("""HOSTNAME=ana-mbp; printf '[%s]' ssh gpu01 "echo $HOSTNAME" """)


def _rsync_trailing_slash():
    with tempfile.TemporaryDirectory() as tmp:
        return sh("mkdir -p data srv && touch data/a.csv data/b.csv data/c.csv && "
                  "rsync -a data srv/ && cd srv && find . -type f | sort",
                  cwd=Path(tmp)).replace("\n", " ").strip()


def _sparse_file():
    return sh("truncate -s 10G scratch.img; ls -lh scratch.img | awk '{print $5}'; "
              "du -h scratch.img | cut -f1").replace("\n", " ").strip()


def _source_vs_run():
    # which commands leave MARK exported and the directory changed in the calling shell
    # (the fifth option, `exec bash`, is not run: it would replace the test's own shell)
    cases = ["bash env.sh", "source env.sh", "chmod +x env.sh; ./env.sh", ". env.sh"]
    out = []
    for i, c in enumerate(cases):
        got = _in_dir({"env.sh": "export MARK=1\ncd /tmp\n"},
                      f'{c}; [ "$MARK" = 1 ] && [ "$PWD" = /tmp ] && echo yes')
        out.append(str(i) if got.strip() == "yes" else "-")
    return "".join(out)


# Permission items: files are given to other user IDs and commands run as those users
# with setpriv, which needs root (the checks are skipped otherwise, see `available`).
OWNER, OTHER = 5001, 5003


def _as_user(uid: int, script: str, cwd: Path) -> str:
    return sh(f"setpriv --reuid={uid} --regid={uid} --clear-groups bash -c {shlex.quote(script)} "
              ">/dev/null 2>&1 && echo ok || echo denied", cwd=cwd).strip()


def _scratch_for_others() -> tempfile.TemporaryDirectory:
    tmp = tempfile.TemporaryDirectory()
    os.chmod(tmp.name, 0o755)  # noqa: S103 - the other test users must reach the files
    return tmp


def _owner_without_read():
    with _scratch_for_others() as tmp:
        sh(f"echo note > notes.txt && chown {OWNER}:{OWNER} notes.txt && chmod 044 notes.txt",
           cwd=Path(tmp))
        owner = _as_user(OWNER, "cat notes.txt", Path(tmp))
        other = _as_user(OTHER, "cat notes.txt", Path(tmp))
    return f"owner {owner}, other {other}"


def _traverse_only_directory():
    commands = option_commands("permissions-users-traverse-only-directory")
    with _scratch_for_others() as tmp:
        sh(f"mkdir shared && echo w > shared/model.pt && chmod 644 shared/model.pt && "
           f"chown -R {OWNER}:6000 shared && chmod 751 shared", cwd=Path(tmp))
        return "".join(str(i) if _as_user(OTHER, c, Path(tmp)) == "ok" else "-"
                       for i, c in enumerate(commands))


def _delete_needs_directory():
    with _scratch_for_others() as tmp:
        sh(f"mkdir shared && echo x > shared/tmp.txt && chmod 666 shared/tmp.txt && "
           f"chown -R {OWNER}:{OWNER} shared && chmod 755 shared", cwd=Path(tmp))
        return _as_user(OTHER, "rm -f shared/tmp.txt", Path(tmp))


def _recursive_644():
    with _scratch_for_others() as tmp:
        sh(f"mkdir -p proj/src && echo x > proj/src/train.py && chown -R {OWNER}:{OWNER} proj",
           cwd=Path(tmp))
        return _as_user(OWNER, "chmod -R 644 proj 2>/dev/null; cat proj/src/train.py",
                        Path(tmp))


def _setgid_directory():
    with _scratch_for_others() as tmp:
        sh("mkdir proj && chgrp 6000 proj && chmod 777 proj && chmod g+s proj", cwd=Path(tmp))
        _as_user(OTHER, "touch proj/new.txt", Path(tmp))
        return sh("stat -c %g proj/new.txt", cwd=Path(tmp)).strip()


def _find_world_writable():
    return sh("mkdir p && touch p/a p/b p/c && chmod 666 p/a && chmod 602 p/b && "
              "chmod 644 p/c && find p -type f -perm -o+w | sort | tr '\\n' ' '").strip()


OUTPUTS = {
    "permissions-users-owner-without-read": (_owner_without_read, "owner denied, other ok",
                                             None),
    "permissions-users-traverse-only-directory": (_traverse_only_directory, "-12-4", None),
    "permissions-users-delete-needs-directory": (_delete_needs_directory, "denied", None),
    "permissions-users-recursive-644": (_recursive_644, "denied",
                                        "It fails, because the directories can no longer be "
                                        "passed through"),
    "permissions-users-setgid-shared-dir": (_setgid_directory, "6000",
                                            "`chmod g+s /srv/proj`"),
    "permissions-users-find-world-writable": (_find_world_writable, "p/a p/b",
                                              "`find /srv/proj -type f -perm -o+w`"),
    "text-files-jq-string-output": (_jq_string_output, '"b"\n"c"\n',
                                    'Two lines: `"b"` then `"c"`'),
    "text-files-jq-shell-variable": (_jq_shell_variable, '{"name":"b","loss":0.3}|||',
                                     "`jq --arg run \"$RUN\" '.[] | select(.name == $run)' "
                                     "runs.json`"),
    "text-files-jq-mean-jsonl": (_jq_mean_jsonl, "-12-4", None),
    "text-files-cut-repeated-spaces": (_cut_repeated_spaces, "\n", "An empty line"),
    "text-files-sort-scientific-notation": (_sort_scientific, "0.25\n", "`0.25`"),
    "text-files-sed-first-occurrence": (_sed_first_occurrence, "data_train/part1.csv\n", None),
    "text-files-grep-alternation": (_grep_alternation, "-123-", None),
    "text-files-grep-list-files": (_grep_list_files, "a.yaml c.yaml", "grep -l adamw *.yaml"),
    "text-files-xargs-spaces": (_xargs_spaces, "keep.txt\n",
                                "`find runs -name '*.log' -print0 | xargs -0 rm`"),
    "env-scripts-single-quotes": (_single_quotes, "saving run $run\n", None),
    "env-scripts-unset-argument": (_unset_argument,
                                   "prep.sh: line 2: $1: unbound variable\nstatus 1\n",
                                   'It stops with an "unbound variable" error before '
                                   "printing anything"),
    "env-scripts-errexit-in-function": (_errexit_in_function, "still running\nend\n",
                                        "`still running` then `end`"),
    "env-scripts-rm-empty-variable": (_rm_empty_variable, "",
                                      "`rm -rf \"${CACHE_DIR:?CACHE_DIR is not set}\"/*`"),
    "env-scripts-source-vs-run": (_source_vs_run, "-1-3", None),
    "processes-jobs-wait-all-status": (_wait_all_status, "exit: 0\n", "`exit: 0`"),
    "processes-jobs-trap-during-foreground-child": (
        _trap_during_foreground_child, "got TERM\nstatus 1\ndeferred\n",
        "`got TERM` is printed about 2.5 s later, and the script exits 1"),
    "remote-work-remote-variable-expansion": (_remote_variable_expansion,
                                              "[ssh][gpu01][echo ana-mbp]", "`ana-mbp`"),
    "remote-work-rsync-trailing-slash": (_rsync_trailing_slash,
                                         "./data/a.csv ./data/b.csv ./data/c.csv",
                                         "`/srv/data/a.csv`, `/srv/data/b.csv`, "
                                         "`/srv/data/c.csv`"),
    "machine-resources-sparse-file-size": (_sparse_file, "10G 0", "ls shows 10G and du shows 0"),
}

# Parsons problems: the items joined in the keyed order (with `joiner`), after the
# replacements, run in a directory holding `files`, must print `expected`.
ACCESS_LOG = "".join(f"10.0.0.{ip} GET /predict\n" for ip, n in [(1, 5), (2, 2), (3, 7), (4, 1), (5, 3)]
                     for _ in range(n))
PARSONS = {
    "text-files-count-words-pipeline": dict(
        joiner=" ", files={"access.log": ACCESS_LOG}, replace={},
        expected="      7 10.0.0.3\n      5 10.0.0.1\n      3 10.0.0.5\n"),
    "processes-jobs-background-status-parsons": dict(
        joiner="\n", files={}, replace={"python train.py": "bash -c 'exit 3'"},
        expected="train.py finished with status 3\n"),
    "env-scripts-loop-parsons": dict(
        joiner="\n", files={"data/a b.csv": "1\n", "data/c.csv": "2\n"},
        replace={"python csv2json.py": "cat"},
        expected="out/a b.json:1\nout/c.json:2\n", after="; grep -H . out/*.json"),
    "machine-resources-largest-files-parsons": dict(
        joiner=" ", files={}, replace={"/data": "."},
        before="truncate -s 2G x && mkdir a && truncate -s 3G a/y && truncate -s 10M z && ",
        expected="3221225472 ./a/y\n2147483648 ./x\n"),
}

# true/false items among OUTPUTS: the answer their output supports
TRUEFALSE = {
    "permissions-users-owner-without-read": "false",  # the owner is denied
    "permissions-users-delete-needs-directory": "false",  # bob's rm is denied
}

# external programs some outputs need beyond bash and coreutils
NEEDS = {
    "text-files-jq-string-output": "jq", "text-files-jq-shell-variable": "jq",
    "text-files-jq-mean-jsonl": "jq", "remote-work-rsync-trailing-slash": "rsync",
}


AS_OTHER_USERS = {"permissions-users-owner-without-read",
                  "permissions-users-traverse-only-directory",
                  "permissions-users-delete-needs-directory", "permissions-users-recursive-644",
                  "permissions-users-setgid-shared-dir"}


def available(slug: str) -> bool:
    if slug in AS_OTHER_USERS and not (os.geteuid() == 0 and shutil.which("setpriv")):
        return False
    return shutil.which(NEEDS.get(slug, "bash")) is not None


def run_parsons(slug: str, items: list[str]) -> str:
    spec = PARSONS[slug]
    script = spec["joiner"].join(item.strip("`") for item in items)  # items are code spans
    for old, new in spec["replace"].items():
        script = script.replace(old, new)
    return _in_dir(spec["files"], spec.get("before", "") + script + spec.get("after", ""))


if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(slug, value)
    for slug, (run, expected, _key) in OUTPUTS.items():
        got = run()
        print(slug, repr(got), "==" if got == expected else "!=", repr(expected))
