-- Argo CD health of a pyrometer.dev/ProfileSession, a one-shot run like a Job:
-- Succeeded -> Healthy, Failed -> Degraded (like a failed Job), anything else -> Progressing.
-- Install: argocd-cm key resource.customizations.health.pyrometer.dev_ProfileSession.
local hs = {status = "Progressing", message = "Waiting for the Pyrometer operator"}
if obj.status == nil then
  return hs
end
local status = obj.status

if status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end

local function condition(kind)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function describe(fallback)
  local parts = {}
  if status.reason ~= nil and status.reason ~= "" then
    table.insert(parts, status.reason)
  end
  if status.message ~= nil and status.message ~= "" then
    table.insert(parts, status.message)
  end
  if #parts == 0 then
    return fallback
  end
  return table.concat(parts, ": ")
end

local stalled = condition("Stalled")
local ready = condition("Ready")
if status.phase == "Failed" or (stalled ~= nil and stalled.status == "True") then
  hs.status = "Degraded"
  hs.message = describe("Profiling failed")
elseif status.phase == "Succeeded" or (ready ~= nil and ready.status == "True") then
  hs.status = "Healthy"
  hs.message = describe(status.top or "Profiling finished")
else
  hs.message = describe(status.phase or "Pending")
end
return hs
