"""Committee evaluation (§5.2, §5.3): the expert draw to begin with."""
