# stubdom build rules (owned by the stubdom component)
