"""Front-ends that drive the engine's Session API."""
