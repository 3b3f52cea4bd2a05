-- Argo CD health check for fount.dev/Asset. Argo CD runs it in gopher-lua (Lua 5.1)
-- with the live object as `obj`; tested by health_test.yaml beside it.
--
--   Progressing  until the operator has reconciled the current spec: no status yet, or
--                status.observedGeneration behind metadata.generation;
--   Degraded     when any status.egressEndpoints[] is FAILED (message: which, and why);
--   Progressing  while any is QUEUED or PROCESSING;
--   Healthy      when condition Ready is True;
--   Degraded     when Ready is False for a terminal reason (TERMINAL below): one that
--                only a change by a person fixes. Message: the condition's message;
--   Progressing  otherwise (Ready Unknown, absent, or False while the operator works),
--                with the Ready condition's message.
--
-- Keep TERMINAL in step with the reasons the operator writes (config/argocd/README.md).
local TERMINAL = {
  InvalidSpec = true,            -- the operator refuses the spec (a rule the CRD schema cannot express)
  SecretNotFound = true,         -- a Secret named in the spec does not exist
  PackagingGroupNotFound = true, -- spec.packagingGroupName names no PackagingGroup in the namespace
}

local hs = {}

local function findCondition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

-- The condition's message, or its reason when it has none, or the fallback.
local function describe(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile the Asset"
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

-- Per-configuration packaging state outranks Ready: one FAILED endpoint degrades the
-- asset even while others play.
local failed = {}
local pending = {}
if obj.status.egressEndpoints ~= nil then
  for _, e in ipairs(obj.status.egressEndpoints) do
    local name = e.packagingConfigurationName or "?"
    if e.status == "FAILED" then
      local why = e.message
      if why == nil or why == "" then
        why = "FAILED"
      end
      table.insert(failed, name .. ": " .. why)
    elseif e.status == "QUEUED" or e.status == "PROCESSING" then
      table.insert(pending, name .. " " .. e.status)
    end
  end
end
if #failed > 0 then
  hs.status = "Degraded"
  hs.message = "Packaging failed for " .. table.concat(failed, "; ")
  return hs
end
if #pending > 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for packaging: " .. table.concat(pending, ", ")
  return hs
end

local ready = findCondition(obj.status, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
  return hs
end
if ready ~= nil and ready.status == "False" and ready.reason ~= nil and TERMINAL[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "Not ready")
  return hs
end
hs.status = "Progressing"
hs.message = describe(ready, "Waiting for the Ready condition")
return hs
