"""Scale benchmarks: synthetic registers and the timing command (``make bench``)."""
