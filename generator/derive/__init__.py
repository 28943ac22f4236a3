"""Derive stage: one frozen, typed model of the register on an as-of date (:mod:`.model_builder`),
the one status computation, control values, and the control loop's values (actions due, links)."""
