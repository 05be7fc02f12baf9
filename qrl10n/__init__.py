"""qrl10n: the localization pipeline of the WHO QualityRights e-training."""

__version__ = "0.1.0"
