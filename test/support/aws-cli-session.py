"""Runs AWS CLI commands in one Python process, one command per line of stdin.

Each line is a JSON object {"args": [...], "env": {...}}; each answer, one JSON line
{"code": N, "stdout": "...", "stderr": "..."}. A command runs exactly as the `aws` entry point
runs it (awscli.clidriver.create_clidriver().main(args), a fresh driver and botocore session
each time, with the command's environment), without paying a Python start per command.
"""
import contextlib
import io
import json
import os
import sys

import awscli.clidriver

# Importing awscli points botocore at the CLI's own data (AWS_DATA_PATH): keep that in every command.
from_import = {k: v for k, v in os.environ.items() if k == "AWS_DATA_PATH"}
protocol_out = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    os.environ.clear()
    os.environ.update(from_import)
    os.environ.update(request["env"])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = awscli.clidriver.create_clidriver().main(request["args"])
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code if isinstance(exit_.code, int) else 255
        except Exception as exc:  # noqa: BLE001 - reported like the CLI's own top level
            err.write(f"{type(exc).__name__}: {exc}\n")
            code = 255
    protocol_out.write(json.dumps({"code": code or 0, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
    protocol_out.flush()
