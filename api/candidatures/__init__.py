"""Applications to join the network ("Être partenaire"): the anonymous form, the instruction
by the programme's staff, and the acceptance that creates the structure, its draft convention
and its accounts (docs/candidatures.md)."""
