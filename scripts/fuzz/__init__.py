"""The hostile-plan fuzzer behind scripts/fuzz_plans.py (``make fuzz``): generator, worker, runner, tally."""
