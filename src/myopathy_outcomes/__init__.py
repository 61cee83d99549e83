"""Turn myositis cohort records into a reproducible treatment-outcome analysis."""
