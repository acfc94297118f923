package domain

// The values of a filing's "scope" key.
const (
	// ScopeUnit is the whole 整体支出 package, 附件1 to 附件4 (also "").
	ScopeUnit = "unit"
	// ScopeProjects is 项目支出绩效自评表 (附件3) only.
	ScopeProjects = "projects"
)

// ValidScope reports whether s is a scope the format knows ("" is ScopeUnit).
func ValidScope(s string) bool { return s == "" || s == ScopeUnit || s == ScopeProjects }

// ProjectsOnly reports whether f holds 附件3 tables only ("scope":
// "projects"): Check then leaves out 附件1, 附件2, 附件4 and the sign-off,
// and the exports print the 附件3 tables alone. A scope the format does not
// know counts as the whole package (Check reports it).
func (f *Filing) ProjectsOnly() bool { return f.Scope == ScopeProjects }

// ScopeName is the scope in the filer's words: 整体支出绩效自评（附件1–4） or
// 仅项目支出绩效自评表（附件3）.
func (f *Filing) ScopeName() string {
	if f.ProjectsOnly() {
		return ScopeProjectsName
	}
	return ScopeUnitName
}

// The scopes as a filer chooses them.
const (
	ScopeUnitName     = "整体支出绩效自评（附件1–4）"
	ScopeProjectsName = "仅项目支出绩效自评表（附件3）"
)
