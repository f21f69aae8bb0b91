"""`zhicheng eligibility CASE.json | - | --batch cases.jsonl`: the public eligibility check
(../shared/spec/eligibility-case.md). A thin wrapper around zhicheng.policy.cli."""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "资格审查：按政策集检查一个或一批申报案例，输出 JSON 结论（桂职办〔2017〕26号）。"

    def run_from_argv(self, argv):
        # The policy CLI parses its own arguments and owns the exit status (0 decision, 2 input).
        from zhicheng.policy.cli import main

        sys.exit(main(argv[2:]))

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv handles everything
        raise NotImplementedError
