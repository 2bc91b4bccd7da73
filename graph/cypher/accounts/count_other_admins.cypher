// Whether $username is an active admin, and how many other active admins there are.
MATCH (a:Account {role: 'admin', status: 'active'})
RETURN count(CASE WHEN a.id = $username THEN 1 END) > 0 AS target_admin,
       count(CASE WHEN a.id <> $username THEN 1 END) AS others
