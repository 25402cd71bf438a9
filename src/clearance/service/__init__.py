"""The service: REST API, users and roles, audit trail, records of shipments, reports and jobs."""
