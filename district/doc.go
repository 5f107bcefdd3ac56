// Package district is Cabinet's domain: schools, the metric catalogue,
// observations, budget lines and edtech products, together with the rules
// that every screen and export shares: fiscal years, periods, status against
// target, trends, number formatting and small-cell suppression.
//
// It does no I/O; the cache, the sync sources, the charts and the UI all
// speak in these types.
package district
