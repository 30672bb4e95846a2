"""Customer feedback: logging it (command, message shortcut, type-ahead) and raising a complaint NC."""
