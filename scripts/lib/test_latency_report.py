#!/usr/bin/env python3
"""Tests of latency_report.py on a made-up proxy log: python3 scripts/lib/test_latency_report.py"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latency_report  # noqa: E402

T0 = 1000.0


def learn(t, kind, rid, latency, region="us-east-1"):
    return {"t": T0 + t, "learn": kind, "region": region, "id": rid, "latency_s": latency, "ready_t": T0 + t + latency}


def poll(t, action, rid, state, region="us-east-1", client="rpacker"):
    return {"t": T0 + t, "ms": 10.0, "region": region, "action": action, "client": client, "status": 200,
            "ids": {rid: state}}


class Report(unittest.TestCase):
    def build(self, term_noticed):
        """run 0-10 s, stop 11-16, AMI 17-40, two copies 41-71 (one noticed late), terminate during the copies."""
        log = [
            {"t": T0 - 5, "start": "127.0.0.1:1", "config": {"profile": "real", "scale": 0.25, "jitter": 0,
                                                             "latency_s": {"run": 10}}},
            learn(0.1, "run", "i-1", 10), poll(5, "DescribeInstances", "i-1", "pending"),
            poll(10.5, "DescribeInstances", "i-1", "running"),
            learn(11, "stop", "i-1", 5), poll(16.2, "DescribeInstances", "i-1", "stopped"),
            learn(17, "ami", "ami-1", 23), poll(30, "DescribeImages", "ami-1", "pending"),
            poll(40.1, "DescribeImages", "ami-1", "available"),
            learn(41, "copy", "ami-w", 30, "us-west-2"), learn(41, "copy", "ami-e", 30, "eu-west-1"),
            learn(41.5, "term", "i-1", 5),
            poll(71.2, "DescribeImages", "ami-w", "available", "us-west-2"),
            poll(73, "DescribeImages", "ami-e", "available", "eu-west-1"),
            poll(term_noticed, "DescribeInstances", "i-1", "terminated"),
            poll(74, "CreateTags", "ami-1", "available", client="aws-cli"),
        ]
        return latency_report.report(log, {"started_epoch": T0, "ended_epoch": T0 + 80, "wall_s": 80, "code": 0})

    def test_waits_and_both_overshoots(self):
        out = self.build(term_noticed=60)
        waits = {w["wait"]: w for w in out["waits"]}
        self.assertEqual(waits["instance running"]["polls"], 2)
        self.assertAlmostEqual(waits["instance running"]["overshoot_s"], 0.41)
        self.assertEqual(waits["instance running"]["poll_interval_s"], 5.5)
        self.assertAlmostEqual(waits["AMI copy eu-west-1"]["overshoot_s"], 2.01)
        # Terminated while the copies ran: its 13.51 s overshoot is off the critical path.
        self.assertAlmostEqual(waits["instance terminated"]["overshoot_s"], 13.51)
        self.assertEqual(out["gating"]["term"], 0.0)
        self.assertAlmostEqual(out["gating"]["copy"], 2.01)
        self.assertAlmostEqual(out["gating_overshoot_s"], 0.41 + 0.21 + 0.11 + 2.01)
        # The rig's formula sums the terminate wait too (copies: last noticed - first learned - latency).
        self.assertAlmostEqual(out["chain_overshoot_s"], 0.41 + 0.21 + 0.11 + 2.01 + 13.51)
        self.assertAlmostEqual(out["floor_s"], 80 - out["gating_overshoot_s"])
        self.assertEqual(out["describe_calls"], {"aws-cli": 0, "rpacker": 8})

    def test_a_terminate_wait_noticed_after_the_copies_counts_from_the_last_copy(self):
        out = self.build(term_noticed=75)
        self.assertAlmostEqual(out["gating"]["term"], 75.01 - 73.01)


if __name__ == "__main__":
    unittest.main()
