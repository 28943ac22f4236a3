"""Check stage: JSON Schema, rules, data files, the SOP code list and partner identity across files."""
