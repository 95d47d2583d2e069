"""Tests of the llmmetrics Python binding (run by `make python-test`)."""
