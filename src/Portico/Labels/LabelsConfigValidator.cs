using Portico.Configuration;

namespace Portico.Labels;

/// <summary>Validates <c>labels</c>: the metadata key and the modifiable keys must be valid label keys.</summary>
internal sealed class LabelsConfigValidator : IPorticoConfigValidator
{
    public void Validate(PorticoConfig config, List<ConfigError> errors)
    {
        var labels = config.Labels;
        if (string.IsNullOrWhiteSpace(labels.MetadataKey))
        {
            errors.Add(new ConfigError(null, "labels.metadata-key", "is empty.", "Name the registry metadata key that holds an instance's route label, such as route."));
        }

        for (var i = 0; i < labels.ModifiableKeys.Count; i++)
        {
            var key = labels.ModifiableKeys[i];
            if (LabelRules.KeyProblem(key) is { } problem)
            {
                errors.Add(new ConfigError(null, $"labels.modifiable-keys[{i}]", problem, "Write a label key such as route."));
            }
            else if (labels.ModifiableKeys.Take(i).Contains(key, StringComparer.Ordinal))
            {
                errors.Add(new ConfigError(null, $"labels.modifiable-keys[{i}]", $"'{key}' is listed twice.", "List each key once."));
            }
        }
    }
}
