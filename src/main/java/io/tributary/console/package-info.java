/**
 * The operator console at {@code /console}: server-rendered Qute pages over the service's own beans
 * (sources, dead letters, jobs, search and context, the audit log), behind an API-key login whose
 * session cookie is honoured on {@code /console} only ({@code auth.ConsoleSessions}). Every form
 * carries the session's synchronizer token; every action is audited; every page checks its role.
 * Nothing is fetched from anywhere but the service ({@code Content-Security-Policy: default-src
 * 'self'}).
 */
package io.tributary.console;
