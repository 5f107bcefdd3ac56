package panel

import "github.com/cabinetapp/cabinet/district"

// line makes a panel charting one metric over time.
func line(id, metric, title, about string, domain district.Domain) Panel {
	return Panel{ID: id, Title: title, Domain: domain, About: about, Metric: metric, build: metricLine(metric)}
}

// rank makes a panel ranking the schools on one metric.
func rank(id, metric, title, about string, domain district.Domain) Panel {
	return Panel{ID: id, Title: title, Domain: domain, About: about, Metric: metric, build: ranking(metric)}
}

var catalogue = []Panel{
	line("tech.broken", district.DevicesBroken, "Devices broken or in repair", "Share of devices broken or out for repair at month end.", district.TechHealth),
	line("tech.refresh", district.DevicesPastRefresh, "Devices past the refresh cycle", "Share of devices older than the 4-year refresh cycle.", district.TechHealth),
	line("tech.tickets", district.TicketsOpen, "Open help-desk tickets", "Tickets open at month end; the start of the school year brings the peak.", district.TechHealth),
	line("tech.resolve", district.TicketsMedianDays, "Median days to resolve a ticket", "Median days from a ticket's opening to its resolution.", district.TechHealth),
	line("tech.sla", district.TicketsWithinSLA, "Tickets resolved within the service level", "Share of tickets resolved within the help desk's service-level agreement for their priority.", district.TechHealth),
	line("tech.devices", district.DevicesInService, "Devices in service", "Student and staff devices in service at month end.", district.TechHealth),
	line("tech.aue", district.ChromebooksPastAUE, "Chromebooks past auto-update expiration", "Chromebooks that no longer receive security updates.", district.TechHealth),
	line("tech.uptime", district.InternetUptime, "Internet uptime", "Share of school hours with a working internet connection.", district.TechHealth),
	line("tech.bandwidth", district.BandwidthPerStudent, "Peak bandwidth per student", "Internet bandwidth per student against the FCC/SETDA goal of 1 Mbps.", district.TechHealth),
	line("tech.per_technician", district.DevicesPerTechnician, "Devices per technician", "Devices in service for each field technician.", district.TechHealth),
	rank("tech.broken_by_school", district.DevicesBroken, "Devices broken or in repair, by school", "Each school's share of devices broken or in repair, worst first.", district.TechHealth),
	{ID: "tech.plan_devices", Title: "Devices to replace each year", Domain: district.TechHealth,
		About: "Devices reaching their refresh cycle or auto-update expiration in each fiscal year, by kind; the first year takes those already past due.", build: planDevices},
	{ID: "tech.plan_cost", Title: "Replacement cost against the hardware budget", Domain: district.TechHealth,
		About: "What the devices due each fiscal year cost at the district's prices, beside the hardware budget after grant money ends, and the level amount that replaces the fleet on a staggered cycle.", build: planCost},

	line("security.mfa", district.MFACoverage, "MFA coverage of staff accounts", "Share of staff accounts that sign in with multi-factor authentication.", district.Security),
	line("security.phishing", district.PhishingClickRate, "Phishing-simulation click rate", "Share of staff who clicked the month's simulated phishing email.", district.Security),
	line("security.patch", district.PatchCompliance, "Patch compliance", "Share of managed devices patched within 30 days.", district.Security),
	{ID: "security.incidents", Title: "Security incidents", Domain: district.Security, Metric: district.SecurityIncidents,
		About: "Confirmed security incidents each month.", build: monthlyBars(district.SecurityIncidents)},
	rank("security.patch_by_school", district.PatchCompliance, "Patch compliance, by school", "Each school's patch compliance, worst first.", district.Security),

	{ID: "spending.to_date", Title: "Spending this fiscal year against plan", Domain: district.Spending, Metric: district.SpendActual,
		About: "Running total of technology spending against the plan, with a forecast along the plan to the year's end.", build: spendToDate},
	{ID: "spending.by_category", Title: "Budget and spending by category", Domain: district.Spending,
		About: "Each category's budget for the fiscal year beside what has been spent so far.", build: budgetByCategory},
	{ID: "spending.by_funding", Title: "Budget by funding source", Domain: district.Spending,
		About: "Where the fiscal year's technology budget comes from, and how much of it ends with a grant.", build: fundingSources},
	{ID: "spending.per_pupil", Title: "Technology spending per pupil", Domain: district.Spending,
		About: "Technology spending divided by enrolled students, year by year.", build: perPupil},
	{ID: "spending.licences", Title: "Edtech licence spending by product", Domain: district.Spending,
		About: "Annual contract cost of each edtech product.", build: licenceSpend},

	{ID: "instruction.weekly_active", Title: "Weekly active students by product", Domain: district.Instruction,
		About: "Students active in an average week of the latest month, per edtech product.", build: weeklyActive},
	line("instruction.lms", district.LMSEngagement, "LMS weekly engagement", "Share of students active in the learning management system each week.", district.Instruction),
	line("instruction.attendance", district.AttendanceRate, "Attendance rate", "Share of enrolled student-days attended.", district.Instruction),
	line("instruction.chronic", district.ChronicAbsence, "Chronic absenteeism", "Share of students who have missed 10% or more of school days this year.", district.Instruction),
	{ID: "instruction.proficiency", Title: "Proficiency in ELA and maths", Domain: district.Instruction, Metric: district.ELAProficiency, Also: []string{district.MathProficiency},
		About: "Share of tested students meeting the standard, by assessment window.", build: metricLine(district.ELAProficiency, district.MathProficiency)},
	rank("instruction.ela_by_school", district.ELAProficiency, "ELA proficiency, by school", "Each school's share of students meeting the ELA standard in the latest window.", district.Instruction),
	rank("instruction.math_by_school", district.MathProficiency, "Maths proficiency, by school", "Each school's share of students meeting the maths standard in the latest window.", district.Instruction),
	rank("instruction.ela_growth_by_school", district.ELAGrowth, "ELA growth, by school", "Each school's median student growth percentile in ELA; 50 is typical growth.", district.Instruction),
	rank("instruction.math_growth_by_school", district.MathGrowth, "Maths growth, by school", "Each school's median student growth percentile in maths; 50 is typical growth.", district.Instruction),

	{ID: "value.cost_per_user_ranking", Title: "Cost per active user, per year, by product", Domain: district.Value,
		About: "Each product's annual cost divided by its active users in the latest month of school.", build: costPerUserRanking},
	{ID: "value.renewals", Title: "Contracts renewing in the next 90 days", Domain: district.Value,
		About: "Each contract that renews within 90 days, soonest first: its annual cost, the days left and the share of its licences in use.", build: renewals},
	{ID: "value.licence_use", Title: "Licence spending: used and unused", Domain: district.Value,
		About: "Each month's share of licence spending that paid for licences in use, and for licences nobody used.", build: licenceUse},
	{ID: "value.cost_per_user", Title: "Cost per active user, per year, month by month", Domain: district.Value,
		About: "What each active user of one product costs a year, month by month: the year's cost over the month's active users.", build: costPerUser},
	{ID: "value.use_vs_growth", Title: "Use and growth, school by school", Domain: district.Value,
		About: "Each school's weekly use of one product against growth in its subject. Correlation, not proof of effect.", build: useAgainstGrowth},
}

// All lists every panel in dashboard order.
func All() []Panel {
	out := make([]Panel, len(catalogue))
	copy(out, catalogue)
	return out
}

// ForDomain lists a domain's panels in dashboard order.
func ForDomain(d district.Domain) []Panel {
	var out []Panel
	for _, p := range catalogue {
		if p.Domain == d {
			out = append(out, p)
		}
	}
	return out
}

// ByID finds a panel.
func ByID(id string) (Panel, bool) {
	for _, p := range catalogue {
		if p.ID == id {
			return p, true
		}
	}
	return Panel{}, false
}
