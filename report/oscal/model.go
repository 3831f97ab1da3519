package oscal

// The subset of the OSCAL 1.1.3 assessment-results model this package writes.
// Field order follows the NIST examples, so the output reads naturally.

type document struct {
	AssessmentResults assessmentResults `json:"assessment-results"`
}

type assessmentResults struct {
	UUID       string      `json:"uuid"`
	Metadata   metadata    `json:"metadata"`
	ImportAP   importAP    `json:"import-ap"`
	Results    []result    `json:"results"`
	BackMatter *backMatter `json:"back-matter,omitempty"`
}

type metadata struct {
	Title              string             `json:"title"`
	LastModified       string             `json:"last-modified"`
	Version            string             `json:"version"`
	OSCALVersion       string             `json:"oscal-version"`
	Props              []prop             `json:"props,omitempty"`
	Roles              []role             `json:"roles,omitempty"`
	Parties            []party            `json:"parties,omitempty"`
	ResponsibleParties []responsibleParty `json:"responsible-parties,omitempty"`
}

type prop struct {
	Name    string `json:"name"`
	NS      string `json:"ns"`
	Value   string `json:"value"`
	Class   string `json:"class,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type link struct {
	Href      string `json:"href"`
	Rel       string `json:"rel,omitempty"`
	MediaType string `json:"media-type,omitempty"`
	Text      string `json:"text,omitempty"`
}

type role struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type party struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
	Name string `json:"name"`
}

type responsibleParty struct {
	RoleID     string   `json:"role-id"`
	PartyUUIDs []string `json:"party-uuids"`
}

type importAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type result struct {
	UUID             string            `json:"uuid"`
	Title            string            `json:"title"`
	Description      string            `json:"description"`
	Start            string            `json:"start"`
	End              string            `json:"end"`
	Props            []prop            `json:"props,omitempty"`
	LocalDefinitions *localDefinitions `json:"local-definitions,omitempty"`
	ReviewedControls reviewedControls  `json:"reviewed-controls"`
	Observations     []observation     `json:"observations,omitempty"`
	Risks            []risk            `json:"risks,omitempty"`
	Findings         []finding         `json:"findings,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

type localDefinitions struct {
	AssessmentAssets *assessmentAssets `json:"assessment-assets,omitempty"`
}

type assessmentAssets struct {
	Components          []component `json:"components,omitempty"`
	AssessmentPlatforms []platform  `json:"assessment-platforms"`
}

type component struct {
	UUID        string          `json:"uuid"`
	Type        string          `json:"type"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Props       []prop          `json:"props,omitempty"`
	Status      componentStatus `json:"status"`
}

type componentStatus struct {
	State string `json:"state"`
}

type platform struct {
	UUID           string          `json:"uuid"`
	Title          string          `json:"title,omitempty"`
	UsesComponents []usesComponent `json:"uses-components,omitempty"`
}

type usesComponent struct {
	ComponentUUID string `json:"component-uuid"`
}

type reviewedControls struct {
	Description       string             `json:"description,omitempty"`
	ControlSelections []controlSelection `json:"control-selections"`
}

type controlSelection struct {
	Description     string          `json:"description,omitempty"`
	Props           []prop          `json:"props,omitempty"`
	IncludeControls []selectControl `json:"include-controls,omitempty"`
}

type selectControl struct {
	ControlID string `json:"control-id"`
}

type observation struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title,omitempty"`
	Description      string             `json:"description"`
	Props            []prop             `json:"props,omitempty"`
	Methods          []string           `json:"methods"`
	Origins          []origin           `json:"origins,omitempty"`
	Subjects         []subject          `json:"subjects,omitempty"`
	RelevantEvidence []relevantEvidence `json:"relevant-evidence,omitempty"`
	Collected        string             `json:"collected"`
	Remarks          string             `json:"remarks,omitempty"`
}

type origin struct {
	Actors []actor `json:"actors"`
}

type actor struct {
	Type      string `json:"type"`
	ActorUUID string `json:"actor-uuid"`
}

type subject struct {
	SubjectUUID string `json:"subject-uuid"`
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
}

type relevantEvidence struct {
	Href        string `json:"href,omitempty"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
}

type finding struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []prop               `json:"props,omitempty"`
	Origins             []origin             `json:"origins,omitempty"`
	Target              target               `json:"target"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []relatedRisk        `json:"related-risks,omitempty"`
	Remarks             string               `json:"remarks,omitempty"`
}

type target struct {
	Type        string `json:"type"`
	TargetID    string `json:"target-id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Status      status `json:"status"`
}

type status struct {
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type relatedObservation struct {
	ObservationUUID string `json:"observation-uuid"`
}

type relatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}

type risk struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Statement           string               `json:"statement"`
	Props               []prop               `json:"props,omitempty"`
	Links               []link               `json:"links,omitempty"`
	Status              string               `json:"status"`
	Origins             []origin             `json:"origins,omitempty"`
	MitigatingFactors   []mitigatingFactor   `json:"mitigating-factors,omitempty"`
	Deadline            string               `json:"deadline,omitempty"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
}

type mitigatingFactor struct {
	UUID        string `json:"uuid"`
	Description string `json:"description"`
}

type backMatter struct {
	Resources []resource `json:"resources"`
}

type resource struct {
	UUID        string  `json:"uuid"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Props       []prop  `json:"props,omitempty"`
	Rlinks      []rlink `json:"rlinks,omitempty"`
	Remarks     string  `json:"remarks,omitempty"`
}

type rlink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
	Hashes    []hash `json:"hashes,omitempty"`
}

type hash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}
