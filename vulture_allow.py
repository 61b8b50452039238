# Names vulture cannot see used (make lint): called by a framework, by name, or by users.
# Each line says who uses it.
