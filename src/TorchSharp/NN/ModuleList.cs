using System.Collections;
using System.Globalization;
using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>A list of submodules registered as "0", "1", … (their parameters are the list's). It has
        /// no forward; the owner decides how to call them.</summary>
        public class ModuleList<T> : nn.Module, IList<T> where T : nn.Module
        {
            private readonly List<T> _list = new();

            /// <summary>A list holding <paramref name="modules"/>.</summary>
            public ModuleList(params T[] modules) : base("ModuleList")
            {
                if (modules is not null) foreach (var m in modules) Add(m);
            }

            private void Reindex()
            {
                ClearModules();
                for (var i = 0; i < _list.Count; i++) register_module(i.ToString(CultureInfo.InvariantCulture), _list[i]);
            }

            /// <summary>The module at <paramref name="index"/>; setting replaces it (keeping its name).</summary>
            public T this[int index]
            {
                get => _list[index];
                set
                {
                    ArgumentNullException.ThrowIfNull(value);
                    _list[index] = value;
                    Reindex();
                }
            }

            /// <summary>The number of modules.</summary>
            public int Count => _list.Count;

            /// <summary>Always false.</summary>
            public bool IsReadOnly => false;

            /// <summary>Appends <paramref name="item"/>, registered under the next index.</summary>
            public void Add(T item)
            {
                ArgumentNullException.ThrowIfNull(item);
                register_module(_list.Count.ToString(CultureInfo.InvariantCulture), item);
                _list.Add(item);
            }

            /// <summary>Appends the modules.</summary>
            public void append(params T[] parameters)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                foreach (var m in parameters) Add(m);
            }

            /// <summary>Appends the modules.</summary>
            public void extend(IEnumerable<T> modules)
            {
                ArgumentNullException.ThrowIfNull(modules);
                foreach (var m in modules) Add(m);
            }

            /// <summary>Removes every module (without disposing them).</summary>
            public void Clear()
            {
                _list.Clear();
                ClearModules();
            }

            /// <summary>Whether the list holds <paramref name="item"/>.</summary>
            public bool Contains(T item) => _list.Contains(item);

            /// <summary>Copies the modules into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
            public void CopyTo(T[] array, int arrayIndex) => _list.CopyTo(array, arrayIndex);

            /// <summary>Enumerates the modules in order.</summary>
            public IEnumerator<T> GetEnumerator() => _list.GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

            /// <summary>The index of <paramref name="item"/>, or −1.</summary>
            public int IndexOf(T item) => _list.IndexOf(item);

            /// <summary>Inserts <paramref name="item"/> at <paramref name="index"/>; later modules are renamed.</summary>
            public void Insert(int index, T item)
            {
                ArgumentNullException.ThrowIfNull(item);
                _list.Insert(index, item);
                Reindex();
            }

            /// <summary>Removes <paramref name="item"/> (without disposing it); later modules are renamed.</summary>
            public bool Remove(T item)
            {
                var removed = _list.Remove(item);
                if (removed) Reindex();
                return removed;
            }

            /// <summary>Removes the module at <paramref name="index"/>; later modules are renamed.</summary>
            public void RemoveAt(int index)
            {
                _list.RemoveAt(index);
                Reindex();
            }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A list of modules registered as "0", "1", ….</summary>
            public static Modules.ModuleList<Module> ModuleList(params Module[] modules) => new(modules);

            /// <summary>A list of modules of one kind registered as "0", "1", ….</summary>
            public static Modules.ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);
        }
    }
}
