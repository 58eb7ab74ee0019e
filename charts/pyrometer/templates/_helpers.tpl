{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "pyrometer.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: <release>-pyrometer, or the release name if it says pyrometer. */}}
{{- define "pyrometer.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pyrometer.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pyrometer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pyrometer.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "pyrometer.labels" -}}
helm.sh/chart: {{ include "pyrometer.chart" . }}
{{ include "pyrometer.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: pyrometer
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "pyrometer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pyrometer.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository@digest when a digest is pinned, else repository:tag (tag defaults to appVersion). */}}
{{- define "pyrometer.image" -}}
{{- $image := index . 0 }}
{{- $root := index . 1 }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* Namespaces the ProfileSession controller watches: the listed ones, or all of them. */}}
{{- define "pyrometer.watchNamespacesEnv" -}}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else }}
{{- "JOSDK_ALL_NAMESPACES" }}
{{- end }}
{{- end }}

{{/*
RBAC the operator needs in every namespace whose sessions it reconciles. Exactly the rules the
operator uses (operator/src/main/resources/rbac-requirements.yaml; the chart tests compare the
two): nothing wildcard, nothing it does not call.
*/}}
{{- define "pyrometer.rules.sessionNamespaces" -}}
# the sessions it reconciles (informer), and their status
- apiGroups: [pyrometer.dev]
  resources: [profilesessions]
  verbs: [get, list, watch]
- apiGroups: [pyrometer.dev]
  resources: [profilesessions/status]
  verbs: [patch]
# the schedules it reconciles, their status, and the sessions their runs create and prune
- apiGroups: [pyrometer.dev]
  resources: [profileschedules]
  verbs: [get, list, watch]
- apiGroups: [pyrometer.dev]
  resources: [profileschedules/status]
  verbs: [patch]
- apiGroups: [pyrometer.dev]
  resources: [profilesessions]
  verbs: [create, delete]
# find the target pods and follow their ephemeralContainerStatuses
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
# add the agent as an ephemeral container (the only way to change a pod the operator has)
- apiGroups: [""]
  resources: [pods/ephemeralcontainers]
  verbs: [patch]
# the per-session Secret holding the presigned upload URLs, deleted when the session ends
- apiGroups: [""]
  resources: [secrets]
  verbs: [create, delete]
# events on the sessions (kubectl describe profilesession)
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}

{{/* RBAC for leader election, granted only in the release namespace where the Lease lives. */}}
{{- define "pyrometer.rules.leaderElection" -}}
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, create, update, patch]
{{- end }}

{{/* RBAC for the web console's viewer checks (cluster-scoped reviews). */}}
{{- define "pyrometer.rules.consoleReviews" -}}
- apiGroups: [authentication.k8s.io]
  resources: [tokenreviews]
  verbs: [create]
- apiGroups: [authorization.k8s.io]
  resources: [subjectaccessreviews]
  verbs: [create]
{{- end }}
