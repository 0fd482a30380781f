"""Countries and localities: where councils, centres and shifts sit."""
