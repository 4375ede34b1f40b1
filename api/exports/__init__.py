"""Exports: indicators, parcours for payroll reconciliation, the evaluation dataset."""
