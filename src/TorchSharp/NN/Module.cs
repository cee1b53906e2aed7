using System.Reflection;
using TorchSharp.Modules;
using TorchSharp.Serialization;
using TorchSharp.Utils;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>The base of every neural-network module: holds named parameters, buffers and
        /// submodules, the training flag, and the state dictionary used by <see cref="save(string, IList{string}?)"/>
        /// and <see cref="load(string, bool, IList{string}?, Dictionary{string, bool}?)"/>. Derive from
        /// <see cref="Module{T, TResult}"/> to write a module with a <c>forward</c>.</summary>
        public class Module : IDisposable
        {
            private readonly OrderedDictionary<string, Module> _submodules = new();
            private readonly OrderedDictionary<string, Parameter> _parameters = new();
            private readonly OrderedDictionary<string, (Tensor buffer, bool persistent)> _buffers = new();
            private bool _training = true;
            private bool _componentsRegistered;
            private bool _disposed;

            /// <summary>The name given at construction (the module kind for built-in modules).</summary>
            protected string? name;

            /// <summary>Creates a module; <paramref name="name"/> is used in messages and by <see cref="GetName"/>.</summary>
            /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
            protected Module(string name)
            {
                ArgumentNullException.ThrowIfNull(name);
                this.name = name;
            }

            /// <summary>The module's name as given to its constructor.</summary>
            public virtual string GetName() => string.IsNullOrEmpty(name) ? GetType().Name : name;

            // ---------------------------------------------------------------- registration

            /// <summary>Registers the module's fields, as TorchSharp does: every field (of this class and its
            /// base classes) holding a <see cref="Module"/> becomes a submodule, a <see cref="Parameter"/> a
            /// parameter and any other <see cref="Tensor"/> a buffer, under the field's name (or its
            /// <see cref="ComponentNameAttribute"/>; an auto-property's backing field under the property's
            /// name). Names already registered and null fields are skipped. Call it at the end of a custom
            /// module's constructor; a second call does nothing.</summary>
            protected virtual void RegisterComponents()
            {
                if (_componentsRegistered) return;
                foreach (var field in FieldsOf(GetType()))
                {
                    var fieldName = ComponentName(field);
                    if (_submodules.ContainsKey(fieldName) || _parameters.ContainsKey(fieldName) || _buffers.ContainsKey(fieldName))
                        continue;
                    switch (field.GetValue(this))
                    {
                        case Module module when !ReferenceEquals(module, this):
                            register_module(fieldName, module);
                            break;
                        case Parameter parameter:
                            register_parameter(fieldName, parameter);
                            break;
                        case Tensor tensor:
                            register_buffer(fieldName, tensor);
                            break;
                    }
                }
                _componentsRegistered = true;
            }

            private static IEnumerable<FieldInfo> FieldsOf(Type type)
            {
                var seen = new HashSet<string>();
                for (var t = type; t is not null && t != typeof(Module) && t != typeof(object); t = t.BaseType)
                    foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                        if (seen.Add(f.Name)) yield return f;
            }

            private static string ComponentName(FieldInfo field)
            {
                var attributeName = field.GetCustomAttribute<ComponentNameAttribute>()?.Name;
                if (!string.IsNullOrEmpty(attributeName)) return attributeName;
                // An auto-property's backing field is named "<Name>k__BackingField"; register it as "Name".
                var n = field.Name;
                return n.StartsWith('<') && n.EndsWith(">k__BackingField", StringComparison.Ordinal) ? n[1..n.IndexOf('>')] : n;
            }

            private static void CheckComponentName(string name, string parameterName)
            {
                ArgumentNullException.ThrowIfNull(name, parameterName);
                if (name.Length == 0) throw new ArgumentException("a component name must not be empty", parameterName);
                if (name.Contains('.')) throw new ArgumentException($"a component name must not contain '.', got '{name}'", parameterName);
            }

            /// <summary>Adds a submodule under <paramref name="name"/>; a null module removes the submodule of that name.</summary>
            /// <exception cref="ArgumentException">The name is empty or contains '.'.</exception>
            /// <exception cref="InvalidOperationException">A submodule of that name is already registered.</exception>
            public virtual void register_module(string name, Module submodule)
            {
                if (submodule is null)
                {
                    if (name is not null) _submodules.Remove(name);
                    return;
                }
                CheckComponentName(name, nameof(name));
                if (ReferenceEquals(submodule, this)) throw new ArgumentException("a module cannot be its own submodule", nameof(submodule));
                if (_submodules.ContainsKey(name)) throw new InvalidOperationException($"Sub-module {name} is already registered.");
                submodule.RegisterComponents();
                _submodules.Add(name, submodule);
            }

            /// <summary>Same as <see cref="register_module"/>.</summary>
            public void add_module(string name, Module module) => register_module(name, module);

            /// <summary>Adds a parameter under <paramref name="name"/>.</summary>
            /// <exception cref="ArgumentNullException"><paramref name="param"/> is null.</exception>
            /// <exception cref="ArgumentException">The name is empty or contains '.'.</exception>
            /// <exception cref="InvalidOperationException">A parameter of that name is already registered.</exception>
            public virtual void register_parameter(string name, Parameter param)
            {
                CheckComponentName(name, nameof(name));
                if (param is null || param.IsInvalid) throw new ArgumentNullException(nameof(param), "A null tensor cannot be registered as a parameter.");
                if (!_parameters.TryAdd(name, param)) throw new InvalidOperationException($"Parameter {name} is already registered.");
            }

            /// <summary>Adds a buffer (state that is not trained, such as running statistics) under
            /// <paramref name="name"/>; a persistent buffer is part of <see cref="state_dict"/> and saved files.</summary>
            /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
            /// <exception cref="ArgumentException">The name is empty or contains '.'.</exception>
            /// <exception cref="InvalidOperationException">A buffer of that name is already registered.</exception>
            public virtual void register_buffer(string name, Tensor tensor, bool persistent = true)
            {
                CheckComponentName(name, nameof(name));
                if (tensor is null || tensor.IsInvalid) throw new ArgumentNullException(nameof(tensor), "A null tensor cannot be registered as a buffer.");
                if (!_buffers.TryAdd(name, (tensor, persistent))) throw new InvalidOperationException($"Tensor {name} is already registered.");
            }

            /// <summary>Registers <paramref name="value"/> as parameter <paramref name="name"/>, replacing one of
            /// that name in place (same position), or removes it when <paramref name="value"/> is null.</summary>
            protected void ConditionallyRegisterParameter(string name, Parameter? value)
            {
                if (value is null) _parameters.Remove(name);
                else _parameters[name] = value;
            }

            /// <summary>Replaces the parameter held in <paramref name="field"/>: disposes the previous one, takes
            /// <paramref name="value"/> out of any dispose scope and registers it as <paramref name="name"/> (or
            /// unregisters the name when <paramref name="value"/> is null). Used by the weight/bias setters.</summary>
            protected void ReplaceParameter(ref Parameter? field, Parameter? value, string name)
            {
                if (ReferenceEquals(value, field)) return;
                field?.Dispose();
                field = (Parameter?)value?.DetachFromDisposeScope();
                ConditionallyRegisterParameter(name, field);
            }

            /// <summary>Registers <paramref name="value"/> as buffer <paramref name="name"/>, replacing one of
            /// that name in place, or removes it when <paramref name="value"/> is null.</summary>
            protected void ConditionallyRegisterBuffer(string name, Tensor? value, bool persistent = true)
            {
                if (value is null) _buffers.Remove(name);
                else _buffers[name] = (value, persistent);
            }

            /// <summary>Removes every submodule (for containers that rebuild their children).</summary>
            protected void ClearModules() => _submodules.Clear();

            // ---------------------------------------------------------------- traversal

            /// <summary>The parameters with their dotted names: this module's own first, then each child's
            /// (prefixed "child."); a parameter reachable twice is listed once.</summary>
            /// <param name="recurse">Include the parameters of submodules (default true).</param>
            public virtual IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (n, p) in _parameters)
                    if (seen.Add(p)) yield return (n, p);
                if (!recurse) yield break;
                foreach (var (childName, child) in named_children())
                    foreach (var (n, p) in child.named_parameters(true))
                        if (seen.Add(p)) yield return ($"{childName}.{n}", p);
            }

            /// <summary>The parameters (see <see cref="named_parameters"/>).</summary>
            public virtual IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(np => np.parameter);

            /// <summary>The buffers with their dotted names, this module's own first.</summary>
            /// <param name="recurse">Include the buffers of submodules (default true).</param>
            /// <param name="include_nonpersistent">Include buffers registered with persistent: false (default true).</param>
            public virtual IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true, bool include_nonpersistent = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (n, (b, persistent)) in _buffers)
                    if ((persistent || include_nonpersistent) && seen.Add(b)) yield return (n, b);
                if (!recurse) yield break;
                foreach (var (childName, child) in named_children())
                    foreach (var (n, b) in child.named_buffers(true, include_nonpersistent))
                        if (seen.Add(b)) yield return ($"{childName}.{n}", b);
            }

            /// <summary>The buffers (see <see cref="named_buffers"/>).</summary>
            public virtual IEnumerable<Tensor> buffers(bool recurse = true, bool include_nonpersistent = true) =>
                named_buffers(recurse, include_nonpersistent).Select(nb => nb.buffer);

            /// <summary>The direct submodules with their names, in registration order.</summary>
            public virtual IEnumerable<(string name, Module module)> named_children()
            {
                foreach (var (n, m) in _submodules) yield return (n, m);
            }

            /// <summary>The direct submodules.</summary>
            public virtual IEnumerable<Module> children() => named_children().Select(nc => nc.module);

            /// <summary>Every descendant module with its dotted name. As in TorchSharp (and unlike PyTorch) the
            /// module itself is NOT included, and the order is: all direct children first, then, child by
            /// child, that child's own <c>named_modules()</c> prefixed with its name.</summary>
            public virtual IEnumerable<(string name, Module module)> named_modules()
            {
                var children = named_children().ToList();
                foreach (var child in children) yield return child;
                foreach (var (childName, child) in children)
                    foreach (var (n, m) in child.named_modules())
                        yield return ($"{childName}.{n}", m);
            }

            /// <summary>Every descendant module (see <see cref="named_modules"/>; the module itself is not included).</summary>
            public virtual IEnumerable<Module> modules() => named_modules().Select(nm => nm.module);

            /// <summary>Whether a parameter of that dotted name exists.</summary>
            public virtual bool has_parameter(string target) => get_parameter(target) is not null;

            /// <summary>Whether a buffer of that dotted name exists.</summary>
            public virtual bool has_buffer(string target) => get_buffer(target) is not null;

            /// <summary>The parameter of that dotted name ("layer1.0.conv1.weight"), or null.</summary>
            public virtual Parameter? get_parameter(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                var (owner, leaf) = Resolve(target);
                return owner is not null && owner._parameters.TryGetValue(leaf, out var p) ? p : null;
            }

            /// <summary>The buffer of that dotted name ("bn1.running_mean"), or null.</summary>
            public virtual Tensor? get_buffer(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                var (owner, leaf) = Resolve(target);
                return owner is not null && owner._buffers.TryGetValue(leaf, out var b) ? b.buffer : null;
            }

            /// <summary>The submodule of that dotted name ("layer1.0"); the module itself for "".</summary>
            /// <exception cref="ArgumentException">No such submodule.</exception>
            public virtual Module get_submodule(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                if (target.Length == 0) return this;
                var m = this;
                foreach (var part in target.Split('.'))
                {
                    var next = m.named_children().FirstOrDefault(c => c.name == part).module;
                    m = next ?? throw new ArgumentException($"{m.GetName()} has no submodule '{part}' (looking up '{target}')", nameof(target));
                }
                return m;
            }

            private (Module? owner, string leaf) Resolve(string target)
            {
                var dot = target.LastIndexOf('.');
                if (dot < 0) return (this, target);
                try { return (get_submodule(target[..dot]), target[(dot + 1)..]); }
                catch (ArgumentException) { return (null, target); }
            }

            // ---------------------------------------------------------------- modes and gradients

            /// <summary>Sets training mode (true) or evaluation mode (false) on this module and every descendant.
            /// It changes what Dropout and BatchNorm do.</summary>
            public virtual void train(bool train = true)
            {
                _training = train;
                foreach (var (_, m) in named_children()) m.train(train);
            }

            /// <summary>Sets evaluation mode (same as <c>train(false)</c>).</summary>
            public virtual void eval() => train(false);

            /// <summary>True in training mode (the default), false in evaluation mode.</summary>
            public virtual bool training => _training;

            /// <summary>Clears the gradients of every parameter: drops them (default) or fills them with zeros.</summary>
            public virtual void zero_grad(bool set_to_none = true)
            {
                foreach (var (_, p) in named_parameters())
                {
                    using var grad = p.grad;
                    if (grad is null) continue;
                    if (set_to_none) p.grad = null;
                    else Aten.zero_.Args().Tensor(grad).CallInPlace(grad);
                }
            }

            /// <summary>Calls <paramref name="fn"/> on every submodule (depth first, children before parents)
            /// and then on this module; returns this module.</summary>
            public virtual Module apply(Action<Module> fn)
            {
                ArgumentNullException.ThrowIfNull(fn);
                foreach (var (_, m) in named_children()) m.apply(fn);
                fn(this);
                return this;
            }

            // ---------------------------------------------------------------- state

            /// <summary>The module's state: every parameter, then every persistent buffer (TorchSharp's
            /// order), under dotted names. The values are the module's own tensors, not copies.</summary>
            /// <param name="destination">A dictionary to add to (a new one when null); existing keys are kept.</param>
            /// <param name="prefix">A prefix for the keys ("prefix.name"), or null.</param>
            public virtual Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
            {
                destination ??= new Dictionary<string, Tensor>();
                string Key(string n) => string.IsNullOrEmpty(prefix) ? n : $"{prefix}.{n}";
                foreach (var (n, p) in named_parameters()) destination.TryAdd(Key(n), p);
                foreach (var (n, b) in named_buffers(include_nonpersistent: false)) destination.TryAdd(Key(n), b);
                return destination;
            }

            /// <summary>Copies parameters and persistent buffers from <paramref name="source"/> into this module
            /// (converting element types as <c>copy_</c> does). Every shape is checked before anything is copied,
            /// so a failed call leaves the module unchanged.</summary>
            /// <param name="source">Tensors by dotted name, as <see cref="state_dict"/> returns them.</param>
            /// <param name="strict">Require the keys to match the module's state exactly (default true).</param>
            /// <param name="skip">Keys to leave alone.</param>
            /// <returns>The module's keys missing from <paramref name="source"/>, and the keys of
            /// <paramref name="source"/> the module does not have (the tuple element names are TorchSharp's).</returns>
            /// <exception cref="InvalidOperationException">Strict and the keys differ.</exception>
            /// <exception cref="ArgumentException">A tensor's shape differs from the module's.</exception>
            public virtual (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(
                Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(source);
                skip ??= Array.Empty<string>();
                var destination = state_dict();
                var unexpected = source.Keys.Where(k => !skip.Contains(k) && !destination.ContainsKey(k)).ToList();
                var missing = destination.Keys.Where(k => !skip.Contains(k) && !source.ContainsKey(k)).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new InvalidOperationException("The loaded state_dict is not identical to the target dictionary. " +
                        $"Missing keys: [{string.Join(", ", missing)}]; unexpected keys: [{string.Join(", ", unexpected)}].");
                var toCopy = source.Where(kv => !skip.Contains(kv.Key) && destination.ContainsKey(kv.Key)).ToList();
                foreach (var (key, value) in toCopy)
                {
                    ArgumentNullException.ThrowIfNull(value, $"{nameof(source)}[{key}]");
                    var expected = destination[key].shape;
                    var found = value.shape;
                    if (!expected.SequenceEqual(found))
                        throw new ArgumentException($"size mismatch for {key}: the module has [{string.Join(", ", expected)}], the source has [{string.Join(", ", found)}]", nameof(source));
                }
                using (torch.no_grad())
                    foreach (var (key, value) in toCopy)
                        Aten.copy_.Args().Tensor(destination[key]).Tensor(value).CallInPlace(destination[key]);
                return (missing, unexpected);
            }

            /// <summary>Saves the state (<see cref="state_dict"/>) to a file in TorchSharp's format. The file is
            /// written to a temporary file in the same folder and then moved over <paramref name="location"/>,
            /// so an interrupted save never leaves a partial file behind.</summary>
            /// <param name="location">The file path.</param>
            /// <param name="skip">Keys not to save.</param>
            /// <returns>This module.</returns>
            public Module save(string location, IList<string>? skip = null)
            {
                ArgumentException.ThrowIfNullOrEmpty(location);
                StateDictFile.Save(location, SavedEntries(skip));
                return this;
            }

            /// <summary>Writes the state to <paramref name="stream"/> in TorchSharp's format (the stream stays open).</summary>
            public Module save(Stream stream, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(stream);
                StateDictFile.Write(stream, SavedEntries(skip));
                return this;
            }

            private List<KeyValuePair<string, Tensor>> SavedEntries(IList<string>? skip) =>
                state_dict().Where(kv => skip is null || !skip.Contains(kv.Key)).ToList();

            /// <summary>Loads parameters and buffers from a file in TorchSharp's format (written by
            /// <see cref="save(string, IList{string}?)"/>, by official TorchSharp, or by the PyTorch exporter).
            /// The whole file is read and checked (complete, well formed, keys, element types and shapes)
            /// before anything is copied, so on any error the module is unchanged.</summary>
            /// <param name="location">The file path.</param>
            /// <param name="strict">Require the file's keys to match the module's state exactly (default true);
            /// otherwise unknown keys are ignored and missing ones left alone.</param>
            /// <param name="skip">Keys to leave alone (still read).</param>
            /// <param name="loadedParameters">Filled with each key of the file and whether the module has it.</param>
            /// <returns>This module.</returns>
            /// <exception cref="FileNotFoundException">No such file.</exception>
            /// <exception cref="InvalidDataException">The file is truncated or not in the format.</exception>
            /// <exception cref="ArgumentException">The file does not match the module (keys in strict mode,
            /// element type or shape); the message names the file, the key, what was expected and found.</exception>
            public virtual Module load(string location, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
            {
                ArgumentException.ThrowIfNullOrEmpty(location);
                if (!File.Exists(location)) throw new FileNotFoundException($"no weights file at '{location}'", location);
                var entries = StateDictFile.Read(location);
                return LoadEntries(entries, location, strict, skip, loadedParameters);
            }

            /// <summary>Loads parameters and buffers from <paramref name="stream"/> (see
            /// <see cref="load(string, bool, IList{string}?, Dictionary{string, bool}?)"/>); reads exactly the entries.</summary>
            public virtual Module load(Stream stream, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
            {
                ArgumentNullException.ThrowIfNull(stream);
                var entries = StateDictFile.Read(stream, "stream", requireEnd: false);
                return LoadEntries(entries, "stream", strict, skip, loadedParameters);
            }

            private Module LoadEntries(List<StateDictEntry> entries, string source, bool strict, IList<string>? skip, Dictionary<string, bool>? loadedParameters)
            {
                skip ??= Array.Empty<string>();
                var sd = state_dict();
                if (strict)
                {
                    var unknown = entries.Select(e => e.Key).Where(k => !sd.ContainsKey(k)).ToList();
                    if (unknown.Count > 0)
                        throw new ArgumentException($"'{source}': the module has no parameter or buffer named '{unknown[0]}'" +
                            (unknown.Count > 1 ? $" (nor {string.Join(", ", unknown.Skip(1).Select(k => $"'{k}'"))})" : ""), nameof(strict));
                    var inFile = entries.Select(e => e.Key).ToHashSet();
                    var missing = sd.Keys.Where(k => !inFile.Contains(k)).ToList();
                    if (missing.Count > 0)
                        throw new ArgumentException($"'{source}' has {entries.Count} entries but the module has {sd.Count}; missing: " +
                            string.Join(", ", missing.Select(k => $"'{k}'")), nameof(strict));
                }
                var plan = new List<(StateDictEntry entry, Tensor target)>();
                foreach (var e in entries)
                {
                    if (!sd.TryGetValue(e.Key, out var target) || skip.Contains(e.Key)) continue;
                    if (e.DType != target.dtype)
                        throw new ArgumentException($"'{source}': element type mismatch for '{e.Key}': the module has {target.dtype}, the file has {e.DType}");
                    var shape = target.shape;
                    if (!shape.SequenceEqual(e.Shape))
                        throw new ArgumentException($"'{source}': shape mismatch for '{e.Key}': the module has [{string.Join(", ", shape)}], the file has [{string.Join(", ", e.Shape)}]");
                    plan.Add((e, target));
                }
                foreach (var (entry, target) in plan) StateDictFile.CopyInto(entry, target);
                if (loadedParameters is not null)
                    foreach (var e in entries) loadedParameters[e.Key] = sd.ContainsKey(e.Key);
                return this;
            }

            // ---------------------------------------------------------------- conversion

            /// <summary>Converts every floating-point parameter and buffer of this module and its descendants to
            /// <paramref name="dtype"/> and/or moves them to <paramref name="device"/>, in place: the module keeps
            /// the same Parameter and Tensor objects, so fields and optimizers holding them stay valid.
            /// Gradients whose element type or device changes are dropped.</summary>
            internal void ConvertInPlace(ScalarType? dtype, Device? device)
            {
                if (dtype.HasValue && !is_floating_point(dtype.Value))
                    throw new ArgumentException($"modules can only be converted to a floating-point type, got {dtype.Value}", nameof(dtype));
                using var noGrad = torch.no_grad();
                var tensors = named_parameters().Select(p => (Tensor)p.parameter).Concat(named_buffers().Select(b => b.buffer));
                foreach (var t in tensors.ToList())
                {
                    var targetType = dtype.HasValue && is_floating_point(t.dtype) ? dtype.Value : t.dtype;
                    var targetDevice = device ?? t.device;
                    if (targetType == t.dtype && targetDevice.type == t.device.type) continue;
                    using var converted = Aten.to_device.Args().Tensor(t).Device(targetDevice).Int((long)targetType).Bool(false).Bool(false).Call();
                    using (var grad = t.grad)
                        if (grad is not null) t.grad = null;
                    Aten.set_data.Args().Tensor(t).Tensor(converted).CallVoid();
                }
            }

            // ---------------------------------------------------------------- lifetime

            /// <summary>Disposes the module's parameters and buffers and every submodule.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Disposes parameters, buffers and submodules (when <paramref name="disposing"/>).</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (_disposed || !disposing) return;
                _disposed = true;
                foreach (var (_, (b, _)) in _buffers) b.Dispose();
                foreach (var (_, p) in _parameters) p.Dispose();
                foreach (var (_, m) in named_children().ToList()) m.Dispose();
            }

            /// <inheritdoc />
            public override string ToString() => GetName();
        }
    }
}
