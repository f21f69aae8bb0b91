"""Engine version: recorded in every decision record; bump on any behaviour change."""

ENGINE_VERSION = "1.0.0"
