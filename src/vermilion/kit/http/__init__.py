"""What every app's API endpoints share: who is calling, optional bodies, the error shape, field rules."""
