using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>Runs its modules in order, each on the previous one's output. Children are named "0", "1", …
        /// unless names are given. Intermediate results are disposed as soon as the next module has used them.</summary>
        public class Sequential : nn.Module<Tensor, Tensor>
        {
            private readonly List<nn.IModule<Tensor, Tensor>> _modules = new();

            internal Sequential() : base(nameof(Sequential)) { }

            /// <summary>Appends <paramref name="module"/> under <paramref name="name"/>.</summary>
            /// <exception cref="ArgumentException">The module is not an <see cref="nn.Module"/>, or the name is taken or invalid.</exception>
            public Sequential append(string name, nn.IModule<Tensor, Tensor> module)
            {
                ArgumentNullException.ThrowIfNull(module);
                if (module is not nn.Module m) throw new ArgumentException($"a Sequential holds modules; got {module.GetType().Name}", nameof(module));
                register_module(name, m);
                _modules.Add(module);
                return this;
            }

            /// <summary>Appends <paramref name="module"/> under the next index ("0", "1", …).</summary>
            public Sequential append(nn.IModule<Tensor, Tensor> module) => append(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

            /// <summary>Runs the modules in order. An empty Sequential returns a new handle to its input.</summary>
            public override Tensor forward(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (_modules.Count == 0) return Aten.alias.Args().Tensor(tensor).Call();
                var current = tensor;
                foreach (var module in _modules)
                {
                    var next = module.call(current);
                    // Intermediate results are ours to free, but never the caller's input or the tensor passed on.
                    if (!ReferenceEquals(current, tensor) && !ReferenceEquals(current, next)) current.Dispose();
                    current = next;
                }
                return current;
            }

            /// <summary>The number of modules.</summary>
            public int Count => _modules.Count;

            /// <summary>The module at <paramref name="index"/>.</summary>
            /// <exception cref="ArgumentOutOfRangeException">No module at that index.</exception>
            public nn.IModule<Tensor, Tensor> this[int index]
            {
                get
                {
                    if (index < 0 || index >= _modules.Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"a Sequential of {_modules.Count} modules");
                    return _modules[index];
                }
            }

            /// <summary>A new Sequential holding the modules in <paramref name="index"/> (shared, with their names).</summary>
            public Sequential this[Range index]
            {
                get
                {
                    var (offset, length) = index.GetOffsetAndLength(_modules.Count);
                    var names = named_children().Select(c => c.name).ToList();
                    var result = new Sequential();
                    for (var i = offset; i < offset + length; i++) result.append(names[i], _modules[i]);
                    return result;
                }
            }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>An empty Sequential.</summary>
            public static Modules.Sequential Sequential() => new();

            /// <summary>A Sequential of named modules.</summary>
            public static Modules.Sequential Sequential(params (string name, Module<Tensor, Tensor> submodule)[] modules) => Sequential((IEnumerable<(string, Module<Tensor, Tensor>)>)modules);

            /// <summary>A Sequential of modules named "0", "1", ….</summary>
            public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => Sequential((IEnumerable<Module<Tensor, Tensor>>)modules);

            /// <summary>A Sequential of named modules.</summary>
            public static Modules.Sequential Sequential(params Tuple<string, Module<Tensor, Tensor>>[] modules) => Sequential((IEnumerable<Tuple<string, Module<Tensor, Tensor>>>)modules);

            /// <summary>A Sequential of named modules.</summary>
            public static Modules.Sequential Sequential(IEnumerable<(string name, Module<Tensor, Tensor> submodule)> modules)
            {
                ArgumentNullException.ThrowIfNull(modules);
                var result = new Modules.Sequential();
                foreach (var (n, m) in modules) result.append(n, m);
                return result;
            }

            /// <summary>A Sequential of named modules.</summary>
            public static Modules.Sequential Sequential(IEnumerable<Tuple<string, Module<Tensor, Tensor>>> modules)
            {
                ArgumentNullException.ThrowIfNull(modules);
                var result = new Modules.Sequential();
                foreach (var t in modules) result.append(t.Item1, t.Item2);
                return result;
            }

            /// <summary>A Sequential of modules named "0", "1", ….</summary>
            public static Modules.Sequential Sequential(IEnumerable<Module<Tensor, Tensor>> modules)
            {
                ArgumentNullException.ThrowIfNull(modules);
                var result = new Modules.Sequential();
                foreach (var m in modules) result.append(m);
                return result;
            }
        }
    }
}
