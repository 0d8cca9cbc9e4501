"""The parts of the benchmark corpus generator; ``bench/generate.py`` puts them together."""
