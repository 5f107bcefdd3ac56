package district

import "fmt"

// Metric ids of the built-in catalogue. Sources may add metrics of their own;
// these are the ones the dashboard lays out.
const (
	DevicesInService     = "devices.in_service"
	DevicesBroken        = "devices.broken_pct"
	DevicesPastRefresh   = "devices.past_refresh_pct"
	ChromebooksPastAUE   = "devices.chromebooks_past_aue"
	DevicesPerTechnician = "devices.per_technician"
	TicketsOpen          = "helpdesk.open_tickets"
	TicketsMedianDays    = "helpdesk.median_days"
	TicketsWithinSLA     = "helpdesk.within_sla_pct"
	TicketsOpened        = "helpdesk.opened"
	TicketsResolved      = "helpdesk.resolved"
	TicketsBacklog30     = "helpdesk.backlog_30d"
	InternetUptime       = "network.uptime_pct"
	BandwidthPerStudent  = "network.mbps_per_student"

	MFACoverage       = "security.mfa_pct"
	PhishingClickRate = "security.phish_click_pct"
	PatchCompliance   = "security.patch_pct"
	SecurityIncidents = "security.incidents"

	SpendActual = "spend.actual"
	SpendPlan   = "spend.plan"

	LMSEngagement    = "instruction.lms_weekly_pct"
	AttendanceRate   = "instruction.attendance_pct"
	ChronicAbsence   = "instruction.chronic_absence_pct"
	ELAProficiency   = "instruction.ela_proficient_pct"
	MathProficiency  = "instruction.math_proficient_pct"
	ELAGrowth        = "instruction.ela_growth"
	MathGrowth       = "instruction.math_growth"
	WarrantiesEnding = "devices.warranty_ending_90d"
	DevicesPastEOL   = "devices.past_eol"
	DevicesAge0to1   = "devices.age_0_1"
	DevicesAge1to2   = "devices.age_1_2"
	DevicesAge2to3   = "devices.age_2_3"
	DevicesAge3to4   = "devices.age_3_4"
	DevicesAge4Plus  = "devices.age_4_plus"
	StudentsEnrolled = "enrolment.students"
	TeachersEnrolled = "enrolment.teachers"
)

// Metric ids of the Chromebook fleet as Google Admin reports it.
const (
	ChromebooksInService  = "devices.chromebooks_in_service"
	ChromebooksUnsynced30 = "devices.chromebooks_unsynced_30d"
	ChromebooksUnsynced90 = "devices.chromebooks_unsynced_90d"
)

// AUEYearsAhead is how many fiscal years after the current one the
// Chromebooks reaching their auto-update expiration are counted for: the
// current year's rest and the next five, what a replacement plan spans.
const AUEYearsAhead = 5

// ChromebooksReachingAUE is the metric of the Chromebooks in service whose
// auto-update expiration falls in the fiscal year ahead years after the
// current one (0: the rest of the current one), from 0 to AUEYearsAhead.
// The years are counted from the month observed, so each month's figure
// looks ahead from that month.
func ChromebooksReachingAUE(ahead int) string {
	return fmt.Sprintf("devices.chromebooks_aue_fy%d", ahead)
}

// RefreshCycleYears is the default device refresh cycle.
const RefreshCycleYears = 4

const districtGoal = "District goal"

// catalogue is the built-in measures, then the fleet by kind that the
// replacement plan reads.
var catalogue = append([]Metric{
	{ID: DevicesInService, Name: "Devices in service", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Student and staff devices assigned or ready to deploy, excluding those broken, in repair or retired."},
	{ID: DevicesBroken, Name: "Broken or in repair", Domain: TechHealth, Unit: Percent, Polarity: LowerIsBetter, Target: 3, HasTarget: true, Benchmark: districtGoal, Aggregation: Mean,
		Description: "Share of devices reported broken or out for repair at month end."},
	{ID: DevicesPastRefresh, Name: "Past refresh cycle", Domain: TechHealth, Unit: Percent, Polarity: LowerIsBetter, Target: 10, HasTarget: true, Benchmark: "District goal; 4-year refresh cycle", Aggregation: Mean,
		Description: "Share of devices older than the 4-year refresh cycle."},
	{ID: ChromebooksPastAUE, Name: "Chromebooks past auto-update expiration", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: LowerIsBetter, Target: 0, HasTarget: true, Benchmark: "Google AUE policy: no security updates after the date", Aggregation: Sum,
		Description: "Chromebooks in service whose Auto Update Expiration date has passed; they no longer receive security updates."},
	{ID: DevicesPerTechnician, Name: "Devices per technician", Domain: TechHealth, Unit: Ratio, Noun: "devices", Polarity: LowerIsBetter, Target: 1000, HasTarget: true, Benchmark: "District staffing plan", Aggregation: DistrictOnly,
		Description: "Devices in service for each field technician."},
	{ID: TicketsOpen, Name: "Open help-desk tickets", Domain: TechHealth, Unit: Count, Noun: "tickets", Polarity: LowerIsBetter, Aggregation: Sum, Season: SchoolYear,
		Description: "Tickets open at month end."},
	{ID: TicketsMedianDays, Name: "Median days to resolve", Domain: TechHealth, Unit: Days, Polarity: LowerIsBetter, Target: 2, HasTarget: true, Benchmark: districtGoal, Aggregation: Mean, Season: SchoolYear,
		Description: "Median calendar days from a ticket's opening to its resolution, for tickets resolved in the month."},
	{ID: TicketsWithinSLA, Name: "Resolved within the service level", Domain: TechHealth, Unit: Percent, Polarity: HigherIsBetter, Target: 90, HasTarget: true, Benchmark: "Help-desk service-level agreement", Aggregation: Mean, Season: SchoolYear,
		Description: "Share of tickets resolved within the service-level agreement for their priority."},
	{ID: TicketsOpened, Name: "Help-desk tickets opened", Domain: TechHealth, Unit: Count, Noun: "tickets", Polarity: Neutral, Aggregation: Sum, Accumulates: true,
		Description: "Tickets opened in the month."},
	{ID: TicketsResolved, Name: "Help-desk tickets resolved", Domain: TechHealth, Unit: Count, Noun: "tickets", Polarity: Neutral, Aggregation: Sum, Accumulates: true,
		Description: "Tickets resolved in the month."},
	{ID: TicketsBacklog30, Name: "Tickets open over 30 days", Domain: TechHealth, Unit: Count, Noun: "tickets", Polarity: LowerIsBetter, Target: 0, HasTarget: true, Benchmark: districtGoal, Aggregation: Sum,
		Description: "Tickets still open at month end that were opened more than 30 days before it: the old backlog."},
	{ID: InternetUptime, Name: "Internet uptime", Domain: TechHealth, Unit: Percent, Polarity: HigherIsBetter, Target: 99.9, HasTarget: true, Benchmark: "District service level", Aggregation: Mean,
		Description: "Share of school hours with a working internet connection."},
	{ID: BandwidthPerStudent, Name: "Peak bandwidth per student", Domain: TechHealth, Unit: Mbps, Polarity: HigherIsBetter, Target: 1, HasTarget: true, Benchmark: "FCC/SETDA goal: 1 Mbps per student", Aggregation: Mean,
		Description: "Peak internet bandwidth available divided by enrolled students."},
	{ID: WarrantiesEnding, Name: "Warranties ending in 90 days", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Devices whose warranty ends within the next 90 days."},
	{ID: DevicesPastEOL, Name: "Past end of life", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: LowerIsBetter, Target: 0, HasTarget: true, Benchmark: districtGoal, Aggregation: Sum,
		Description: "Devices in service past their end-of-life date."},
	{ID: ChromebooksInService, Name: "Chromebooks in service", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "ChromeOS devices enrolled and active in Google Admin."},
	{ID: ChromebooksUnsynced30, Name: "Chromebooks not synced in 30 days", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: LowerIsBetter, Aggregation: Sum,
		Description: "Chromebooks in service that have not checked in with Google Admin for 30 days or more: lost, broken or left in a drawer."},
	{ID: ChromebooksUnsynced90, Name: "Chromebooks not synced in 90 days", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: LowerIsBetter, Aggregation: Sum,
		Description: "Chromebooks in service that have not checked in with Google Admin for 90 days or more."},
	reachingAUE(0, "this fiscal year", "between today and the end of the current fiscal year"),
	reachingAUE(1, "next fiscal year", "in the next fiscal year"),
	reachingAUE(2, "in 2 fiscal years", "in the second fiscal year after the current one"),
	reachingAUE(3, "in 3 fiscal years", "in the third fiscal year after the current one"),
	reachingAUE(4, "in 4 fiscal years", "in the fourth fiscal year after the current one"),
	reachingAUE(5, "in 5 fiscal years", "in the fifth fiscal year after the current one"),
	{ID: DevicesAge0to1, Name: "Devices under 1 year old", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Devices purchased less than a year ago."},
	{ID: DevicesAge1to2, Name: "Devices 1 to 2 years old", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Devices purchased one to two years ago."},
	{ID: DevicesAge2to3, Name: "Devices 2 to 3 years old", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Devices purchased two to three years ago."},
	{ID: DevicesAge3to4, Name: "Devices 3 to 4 years old", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Devices purchased three to four years ago."},
	{ID: DevicesAge4Plus, Name: "Devices 4 years and older", Domain: TechHealth, Unit: Count, Noun: "devices", Polarity: Neutral, Aggregation: Sum,
		Description: "Devices purchased four or more years ago: past the refresh cycle."},

	{ID: MFACoverage, Name: "MFA coverage of staff accounts", Domain: Security, Unit: Percent, Polarity: HigherIsBetter, Target: 100, HasTarget: true, Benchmark: "CISA K-12 guidance: MFA for every staff account", Aggregation: DistrictOnly,
		Description: "Share of staff accounts that sign in with multi-factor authentication."},
	{ID: PhishingClickRate, Name: "Phishing-simulation click rate", Domain: Security, Unit: Percent, Polarity: LowerIsBetter, Target: 5, HasTarget: true, Benchmark: districtGoal, Aggregation: DistrictOnly,
		Description: "Share of staff who clicked the link in the month's simulated phishing email."},
	{ID: PatchCompliance, Name: "Patch compliance", Domain: Security, Unit: Percent, Polarity: HigherIsBetter, Target: 95, HasTarget: true, Benchmark: "District goal: patched within 30 days", Aggregation: Mean,
		Description: "Share of managed devices with all critical patches installed within 30 days of release."},
	{ID: SecurityIncidents, Name: "Security incidents", Domain: Security, Unit: Count, Noun: "incidents", Polarity: LowerIsBetter, Target: 0, HasTarget: true, Benchmark: districtGoal, Aggregation: DistrictOnly, Accumulates: true,
		Description: "Confirmed security incidents in the month (account compromise, malware, data exposure)."},

	{ID: SpendActual, Name: "Technology spending", Domain: Spending, Unit: USD, Polarity: Neutral, Aggregation: DistrictOnly, Accumulates: true,
		Description: "Technology spending booked in the month, all categories and funding sources."},
	{ID: SpendPlan, Name: "Planned technology spending", Domain: Spending, Unit: USD, Polarity: Neutral, Aggregation: DistrictOnly, Accumulates: true,
		Description: "The month's share of the fiscal-year technology spending plan."},

	{ID: LMSEngagement, Name: "LMS weekly engagement", Domain: Instruction, Unit: Percent, Polarity: HigherIsBetter, Target: 80, HasTarget: true, Benchmark: districtGoal, StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Share of enrolled students active in the learning management system in an average week of the month."},
	{ID: AttendanceRate, Name: "Attendance rate", Domain: Instruction, Unit: Percent, Polarity: HigherIsBetter, Target: 95, HasTarget: true, Benchmark: districtGoal, StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Share of enrolled student-days attended in the month."},
	{ID: ChronicAbsence, Name: "Chronic absenteeism", Domain: Instruction, Unit: Percent, Polarity: LowerIsBetter, Target: 10, HasTarget: true, Benchmark: "District goal; chronically absent means missing 10% or more of school days", StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Share of students who have missed 10% or more of school days so far this year."},
	{ID: ELAProficiency, Name: "ELA proficiency", Domain: Instruction, Unit: Percent, Polarity: HigherIsBetter, Target: 60, HasTarget: true, Benchmark: districtGoal, StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Share of tested students meeting the standard in English language arts, by assessment window."},
	{ID: MathProficiency, Name: "Maths proficiency", Domain: Instruction, Unit: Percent, Polarity: HigherIsBetter, Target: 55, HasTarget: true, Benchmark: districtGoal, StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Share of tested students meeting the standard in mathematics, by assessment window."},
	{ID: ELAGrowth, Name: "ELA growth", Domain: Instruction, Unit: Percentile, Polarity: HigherIsBetter, Target: 50, HasTarget: true, Benchmark: "50 is typical growth", StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Median student growth percentile in English language arts since the fall window."},
	{ID: MathGrowth, Name: "Maths growth", Domain: Instruction, Unit: Percentile, Polarity: HigherIsBetter, Target: 50, HasTarget: true, Benchmark: "50 is typical growth", StudentBased: true, Aggregation: Mean, Season: SchoolYear,
		Description: "Median student growth percentile in mathematics since the fall window."},
	{ID: StudentsEnrolled, Name: "Students enrolled", Domain: Instruction, Unit: Count, Noun: "students", Polarity: Neutral, Aggregation: Sum,
		Description: "Students with an active enrolment at month end."},
	{ID: TeachersEnrolled, Name: "Teachers", Domain: Instruction, Unit: Count, Noun: "teachers", Polarity: Neutral, Aggregation: Sum,
		Description: "Teachers with an active enrolment at month end."},
}, kindMetrics()...)

// reachingAUE is the metric of the Chromebooks whose auto-update
// expiration falls in the fiscal year ahead years from the current one.
func reachingAUE(ahead int, when, falls string) Metric {
	return Metric{ID: ChromebooksReachingAUE(ahead), Name: "Chromebooks reaching auto-update expiration " + when, Domain: TechHealth, Unit: Count, Noun: "devices",
		Polarity: Neutral, Aggregation: Sum,
		Description: "Chromebooks in service whose auto-update expiration, after which they receive no security updates, falls " + falls + "."}
}

// Catalogue returns a copy of the built-in metric catalogue.
func Catalogue() []Metric {
	out := make([]Metric, len(catalogue))
	copy(out, catalogue)
	return out
}

// KeepPrivacy returns a source's definition of a metric with the built-in
// measure's privacy kept: a built-in measure about students stays
// student-based whatever a source says, so no feed can switch its
// suppression off, by mistake or by leaving the flag out.
func KeepPrivacy(m Metric) Metric {
	if b, ok := Lookup(m.ID); ok && b.StudentBased {
		m.StudentBased = true
	}
	return m
}

// Lookup finds a built-in metric by id.
func Lookup(id string) (Metric, bool) {
	for _, m := range catalogue {
		if m.ID == id {
			return m, true
		}
	}
	return Metric{}, false
}
