"""What leaves the building: HTML/PDF conversion, accessibility checks, email."""
